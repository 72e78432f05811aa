// T6 — Threat: one huge socket message (5 MB paste, or a hostile client) makes the server buffer and parse
// megabytes per message; or a legitimate big paste gets cut or reordered.
// Defence: Socket.IO maxHttpBufferSize (64 KiB) closes the connection; zod refuses an input chunk over
// 16 KiB; the client sends a paste in ordered 16 KiB chunks, each acknowledged.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_CHUNK } from '../../server/realtime/events.js';
import type { TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';
import {
  inLab,
  learner,
  openShell,
  removeContainers,
  run,
  startServer,
  type Learner,
} from './support/lab-harness.js';

const PASTE_BYTES = 200 * 1024;

describe('T6 huge paste and oversized socket messages', () => {
  let server: TestServer;
  let paster: Learner;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    paster = await learner(server, 'paster', containers);
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('closes a socket that sends a 5 MB message; the server and the shell survive', async () => {
    const shell = await openShell(server, paster.http.cookie, paster.labId);
    const closed = new Promise<string>((resolve) => shell.socket.once('disconnect', resolve));
    shell.type('y'.repeat(5 * 1024 * 1024));
    const reason = await closed;
    console.log(`[T6] 5 MB message: socket closed (${reason})`);
    expect(reason).toMatch(/transport (close|error)/);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    // Same user, new socket: the detached shell is reattached and still works.
    const again = await openShell(server, paster.http.cookie, paster.labId);
    expect(await run(again, 'echo alive-$((6*7))')).toContain('alive-42');
    again.socket.disconnect();
  }, 60_000);

  it('refuses an input chunk over 16 KiB with invalid-payload and keeps the socket', async () => {
    const shell = await openShell(server, paster.http.cookie, paster.labId);
    const refused = await shell.socket.emitWithAck('terminal:input', {
      terminalId: shell.terminalId,
      data: 'z'.repeat(MAX_INPUT_CHUNK + 1),
    });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid-payload' });
    const extra = await shell.socket.emitWithAck('terminal:input', {
      terminalId: shell.terminalId,
      data: 'echo hi\r',
      containerId: 'x',
    } as { terminalId: string; data: string });
    expect(extra).toMatchObject({ ok: false, reason: 'invalid-payload' }); // unknown fields are refused
    expect(shell.socket.connected).toBe(true);
    expect(await run(shell, 'echo still-$((6*7))')).toContain('still-42');
    shell.socket.disconnect();
  }, 60_000);

  it('delivers a 200 KB paste sent in 16 KiB chunks intact', async () => {
    const lines: string[] = [];
    let size = 0;
    while (size < PASTE_BYTES) {
      const line = randomBytes(57).toString('base64') + '\n';
      lines.push(line);
      size += line.length;
    }
    const paste = lines.join('').slice(0, PASTE_BYTES);
    const sha = createHash('sha256').update(paste).digest('hex');
    const shell = await openShell(server, paster.http.cookie, paster.labId);
    // Raw mode: no 4 KiB canonical line limit, no echo; head stops after exactly PASTE_BYTES.
    shell.type(
      `stty raw -echo; echo "READY-$((1+1))"; head -c ${PASTE_BYTES} > /root/paste; stty sane; echo "DONE-$((2+2))"\r`,
    );
    await shell.out.waitFor('READY-2');
    const t0 = performance.now();
    let chunks = 0;
    for (let i = 0; i < paste.length; i += MAX_INPUT_CHUNK) {
      const ack = await shell.socket.emitWithAck('terminal:input', {
        terminalId: shell.terminalId,
        data: paste.slice(i, i + MAX_INPUT_CHUNK),
      });
      expect(ack, `chunk ${chunks}`).toEqual({ ok: true }); // a refusal shows its reason
      chunks++;
    }
    await shell.out.waitFor('DONE-4', 20_000);
    const check = await inLab(server, paster.labId, 'wc -c < /root/paste; sha256sum /root/paste');
    console.log(
      `[T6] ${PASTE_BYTES} B paste in ${chunks} chunks arrived in ${(performance.now() - t0).toFixed(0)} ms: ${check.stdout.split('\n')[0]} B`,
    );
    expect(check.stdout.split('\n')[0]?.trim()).toBe(String(PASTE_BYTES));
    expect(check.stdout).toContain(sha);
    shell.socket.disconnect();
  }, 60_000);

  it('refuses a socket without a valid session even with a huge cookie', async () => {
    await expect(connectSocket(server.url, `atelier_sid=${'a'.repeat(4096)}`)).rejects.toThrow(
      /not-authenticated/,
    );
  });
});
