/**
 * Docker's multiplexed stream (an attach or exec without a TTY): each frame is an 8-byte header (stream
 * 1 stdout, 2 stderr; then the length) and its bytes. Returns a handler for the raw chunks that calls
 * `onFrame` with each whole frame, in order.
 */
export function dockerDemuxer(onFrame: (stream: number, body: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const len = pending.readUInt32BE(4);
      if (pending.length < 8 + len) break;
      onFrame(pending[0]!, pending.subarray(8, 8 + len));
      pending = pending.subarray(8 + len);
    }
  };
}
