// T4 — Threat: a learner floods the terminal (`cat /dev/urandom`, `yes`): the server buffers without bound
// (memory), the socket drowns, Ctrl-C never lands, other learners' shells stall.
// Defence: ack-based flow control (server/realtime/flow-control.ts) pauses the Docker stream above a high
// watermark of unacknowledged bytes; the shell then blocks on its TTY inside the lab.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowControl } from '../../server/realtime/flow-control.js';
import type { TestServer } from '../support/server.js';
import { connectSocket, type TestSocket } from '../support/socket-client.js';
import {
  inLab,
  learner,
  openShell,
  removeContainers,
  run,
  startServer,
  waitUntil,
  type Shell,
} from './support/lab-harness.js';

const MiB = 2 ** 20;
const FLOOD_MS = 12_000;
/** The server's high watermark of unacknowledged bytes. */
const HIGH = new FlowControl({ pause: () => undefined, resume: () => undefined }).high;

/** A terminal client that counts bytes and acks only when told to (a browser tab that stopped reading). */
async function floodClient(server: TestServer, cookie: string, labId: string) {
  const socket: TestSocket = await connectSocket(server.url, cookie);
  let received = 0;
  let tail = '';
  let acking = false;
  let terminalId = '';
  socket.on('terminal:output', ({ terminalId: id, data }) => {
    const buf = Buffer.from(data as ArrayBuffer);
    received += buf.length;
    tail = (tail + buf.toString('latin1')).slice(-4096);
    if (acking) socket.emit('terminal:ack', { terminalId: id, bytes: buf.length });
  });
  const ack = await socket.emitWithAck('terminal:open', { labId, cols: 120, rows: 40 });
  if (!ack.ok) throw new Error(ack.message);
  terminalId = ack.terminalId;
  return {
    socket,
    get received() {
      return received;
    },
    get tail() {
      return tail;
    },
    type: (data: string) => socket.emit('terminal:input', { terminalId, data }),
    /** Acknowledges everything so far and keeps acking from now on. */
    startAcking() {
      acking = true;
      socket.emit('terminal:ack', { terminalId, bytes: received });
    },
  };
}

const rss = () => process.memoryUsage().rss;

describe('T4 output flood', () => {
  let server: TestServer;
  let neighbourShell: Shell;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const neighbour = await learner(server, 'neighbour', containers);
    neighbourShell = await openShell(server, neighbour.http.cookie, neighbour.labId);
  });
  afterAll(async () => {
    neighbourShell?.socket.disconnect();
    await server?.close();
    await removeContainers(containers);
  });

  /** Runs `probe` every 500 ms for `ms` while timing the neighbour's echo; returns the echo latencies. */
  async function during(ms: number, probe: () => void): Promise<number[]> {
    const echoes: number[] = [];
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const t0 = performance.now();
      await run(neighbourShell, 'true');
      echoes.push(performance.now() - t0);
      probe();
      await sleep(500);
    }
    return echoes;
  }

  it('pauses the stream for a client that does not ack; memory bounded; Ctrl-C lands', async () => {
    const flooder = await learner(server, 'flooder', containers);
    const client = await floodClient(server, flooder.http.cookie, flooder.labId);
    await waitUntil('prompt', 15_000, async () => (/# $/.test(client.tail) ? true : undefined));
    const rss0 = rss();
    let rssMax = rss0;
    client.type('cat /dev/urandom\r');
    await sleep(2_000);
    const atPause = client.received;
    const echoes = await during(FLOOD_MS, () => (rssMax = Math.max(rssMax, rss())));
    const growth = client.received - atPause;
    const state = await inLab(server, flooder.labId, 'ps -o stat= -C cat');
    console.log(
      `[T4] no-ack client: ${(client.received / 1024).toFixed(0)} KiB received (high watermark ${(HIGH / 1024).toFixed(0)} KiB) in ${FLOOD_MS / 1000 + 2} s ` +
        `(+${growth} B after the first 2 s); cat state ${state.stdout.trim()}; server RSS +${((rssMax - rss0) / MiB).toFixed(1)} MiB; ` +
        `neighbour echo max ${Math.max(...echoes).toFixed(0)} ms`,
    );
    // Paused at the high watermark: beyond it only the batches already coalesced (≤ 64 KiB each) and the
    // stream chunks in flight; without the pause this client would get ~20 MiB/s.
    expect(client.received).toBeLessThan(HIGH + 256 * 1024);
    expect(growth).toBe(0); // paused: nothing more arrives
    expect(state.stdout.trim()).toMatch(/^S/); // cat sleeps, blocked on its TTY
    expect(rssMax - rss0).toBeLessThan(64 * MiB);
    expect(Math.max(...echoes)).toBeLessThan(2_000);

    // Ctrl-C is input: it reaches the TTY even while output is paused.
    const t0 = performance.now();
    client.type('\x03');
    await waitUntil('cat gone after Ctrl-C', 5_000, async () =>
      (await inLab(server, flooder.labId, 'pgrep -x cat || echo none')).stdout.includes('none')
        ? true
        : undefined,
    );
    const ctrlCMs = performance.now() - t0;
    client.startAcking();
    client.type('echo "done-$((6*7))"\r');
    await waitUntil('prompt after the flood', 15_000, async () =>
      /done-42[\s\S]*# $/.test(client.tail) ? true : undefined,
    );
    console.log(`[T4] Ctrl-C ended cat in ${ctrlCMs.toFixed(0)} ms`);
    expect(ctrlCMs).toBeLessThan(2_000);
    client.socket.disconnect();
  }, 90_000);

  it('streams `yes` to an acking client with bounded memory; Ctrl-C lands', async () => {
    const flooder = await learner(server, 'yesman', containers);
    const client = await floodClient(server, flooder.http.cookie, flooder.labId);
    await waitUntil('prompt', 15_000, async () => (/# $/.test(client.tail) ? true : undefined));
    client.startAcking();
    const rss0 = rss();
    let rssMax = rss0;
    client.type('yes atelier-flood\r');
    const start = client.received;
    const echoes = await during(FLOOD_MS, () => (rssMax = Math.max(rssMax, rss())));
    const mb = (client.received - start) / MiB;
    const t0 = performance.now();
    client.type('\x03');
    client.type('echo "stop-$((6*7))"\r');
    await waitUntil('prompt after yes', 10_000, async () =>
      /stop-42[\s\S]*# $/.test(client.tail) ? true : undefined,
    );
    const ctrlCMs = performance.now() - t0;
    console.log(
      `[T4] acking client: ${mb.toFixed(1)} MiB in ${FLOOD_MS / 1000} s (${(mb / (FLOOD_MS / 1000)).toFixed(1)} MiB/s); ` +
        `server RSS +${((rssMax - rss0) / MiB).toFixed(1)} MiB; neighbour echo max ${Math.max(...echoes).toFixed(0)} ms; ` +
        `Ctrl-C to prompt ${ctrlCMs.toFixed(0)} ms`,
    );
    expect(mb).toBeGreaterThan(1); // output really flowed
    expect(rssMax - rss0).toBeLessThan(128 * MiB);
    expect(Math.max(...echoes)).toBeLessThan(2_000);
    expect(ctrlCMs).toBeLessThan(5_000);
    client.socket.disconnect();
  }, 90_000);
});
