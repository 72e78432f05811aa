// T4 for trainers' mirrors — Threat: a learner floods output while a trainer watches their terminal and
// the trainer's connection is slow (bad Wi-Fi, a stalled laptop): the server queues the mirror for the
// trainer without bound and runs out of memory.
// Defence: a mirror has no acks, so output for a lagging trainer socket is dropped and the screen is
// repainted from the session's recent output once it drains (trainer-watch.ts). Before that fix this
// measured +349 MiB of server RSS and 5 644 packets queued in 10 s.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, type TestServer } from '../support/server.js';
import { connectSocket, type TestSocket } from '../support/socket-client.js';
import { containerOf, openShell, removeContainers, startServer, type Shell } from './support/lab-harness.js';

const MiB = 2 ** 20;
const FLOOD_MS = 8_000;
type Pausable = { pause(): void; resume(): void };

describe('trainer mirror under an output flood', () => {
  let server: TestServer;
  let shell: Shell;
  let watcher: TestSocket;
  const containers: string[] = [];

  // Everything but the flood happens here: a setup failure fails the suite instead of "passing" it.fails.
  beforeAll(async () => {
    server = await startServer();
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainer.post('/api/classes', { name: 'Flood', courseIds: ['premiers-pas'] });
    const learner = httpClient(server.url);
    await learner.post('/api/join', { code: cls.body.joinCode, displayName: 'Léa', password: PASSWORD });
    const lab = await learner.post('/api/labs', { courseId: 'premiers-pas' });
    containers.push(await containerOf(server, lab.body.id));
    shell = await openShell(server, learner.cookie, lab.body.id);
    watcher = await connectSocket(server.url, trainer.cookie);
    // terminal:watch is a trainer event outside the learner's typed event map.
    const untyped = watcher as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean }> };
    const watch = await untyped.emitWithAck('terminal:watch', { labId: lab.body.id });
    if (!watch.ok) throw new Error(`terminal:watch refused: ${JSON.stringify(watch)}`);
    await sleep(500);
  }, 120_000);
  afterAll(async () => {
    shell?.socket.disconnect();
    watcher?.disconnect();
    await server?.close();
    await removeContainers(containers);
  });

  it('bounds what the server queues for a trainer who stopped reading', async () => {
    // The trainer's side stops reading its TCP socket, like a stalled network.
    const transport = watcher.io.engine.transport as unknown as { ws: { _socket: Pausable } };
    const tcp = transport.ws._socket;
    tcp.pause();
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    // What the server holds for the trainer: engine.io packets waiting, bytes buffered in the WebSocket.
    const conn = server.app.io.sockets.sockets.get(watcher.id!)!.conn as unknown as {
      writeBuffer: unknown[];
      transport: { socket: { bufferedAmount: number } };
    };
    let packetsMax = 0;
    let bytesMax = 0;
    shell.type('yes atelier-mirror-flood\r');
    for (const until = Date.now() + FLOOD_MS; Date.now() < until;) {
      await sleep(100);
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      packetsMax = Math.max(packetsMax, conn.writeBuffer.length);
      bytesMax = Math.max(bytesMax, conn.transport.socket.bufferedAmount);
    }
    shell.type('\x03');
    tcp.resume();
    const growth = (rssMax - rss0) / MiB;
    console.log(
      `[mirror] ${FLOOD_MS / 1000} s of \`yes\` watched by a stalled trainer: at most ${packetsMax} packets and ` +
        `${(bytesMax / MiB).toFixed(1)} MiB queued for the trainer; process RSS +${growth.toFixed(0)} MiB ` +
        `(test clients included, garbage not yet collected)`,
    );
    expect(packetsMax).toBeLessThanOrEqual(64);
    expect(bytesMax).toBeLessThan(16 * MiB);
  }, 60_000);
});
