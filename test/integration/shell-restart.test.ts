// Shells survive a restart of the real server process (SIGTERM, then kill -9): the foreground counter kept
// counting while no server was there, the background job lives, the full-screen editor is still on screen
// with its unsaved text, and typing works again in the same shell.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import { removeInstanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient } from '../support/server.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

const instance = `atelier-sr${randomBytes(3).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-shell-restart-'));
const env = { ATELIER_POOL_SIZE: '0' };
const config = loadConfig({ ATELIER_INSTANCE: instance, ATELIER_ENV_FILE: '/nonexistent' });
const { runtime } = createSandbox({ ...config, lab: { ...config.lab, runtime: '' } });
const size = { cols: 100, rows: 30 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One shell seen through one socket: its id, its output, typing into it. */
async function shell(socket: TestSocket, labId: string, resume?: string) {
  // A resumed shell replays its screen before the ack: its id is known beforehand.
  const term: { id?: string } = { id: resume };
  const out = collectOutput(socket, () => term.id);
  const ack = await socket.emitWithAck('terminal:open', { labId, ...size, ...(resume ? { resume } : {}) });
  if (!ack.ok) throw new Error(`terminal:open refused: ${ack.reason}`);
  term.id = ack.terminalId;
  const type = (data: string) => socket.emit('terminal:input', { terminalId: term.id!, data });
  return { id: ack.terminalId, replayed: ack.replayed, out, type };
}

const lastCount = (text: string) => Math.max(0, ...[...text.matchAll(/n=(\d+)/g)].map((m) => Number(m[1])));

describe('shells across a server restart (real process, real Docker)', () => {
  let server: ServerProcess | undefined;
  let port = '';
  let cookie = '';
  let labId = '';

  beforeAll(async () => {
    server = await spawnServer({ dataDir, instance, env });
    port = new URL(server.url).port;
    const http = httpClient(server.url); // the same address after each restart (same port)
    await http.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    cookie = http.cookie;
    const lab = (await http.post('/api/labs', { courseId: 'premiers-pas' })).body;
    expect(lab.state).toBe('running');
    labId = lab.id;
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await removeInstanceContainers(instance);
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`keeps the editor, the counter and the background job through ${signal}`, async () => {
      let socket = await connectSocket(server!.url, cookie);
      const editor = await shell(socket, labId);
      editor.type(`sleep 1000 & vi /root/notes-${signal}.txt\r`);
      await editor.out.waitFor('notes-');
      await sleep(300);
      editor.type(`iunsaved-${signal}`);
      await editor.out.waitFor(`unsaved-${signal}`);
      const counter = await shell(socket, labId);
      counter.type('i=0; while :; do i=$((i+1)); echo "n=$i"; sleep 0.2; done\r');
      await counter.out.waitFor('n=3');
      const before = lastCount(counter.out.text);
      const restarting = new Promise<boolean>((resolve) => {
        socket.once('server:restarting', () => resolve(true));
        socket.once('disconnect', () => resolve(false));
      });

      server!.child.kill(signal);
      const exited = await server!.exited;
      expect(exited.signal ?? 'exit').toBe(signal === 'SIGKILL' ? 'SIGKILL' : 'exit');
      // A planned restart says so to the page before the socket goes.
      expect(await restarting).toBe(signal === 'SIGTERM');
      await sleep(1500); // nobody attached: the counter goes on in the lab
      server = await spawnServer({ dataDir, instance, env: { ...env, ATELIER_PORT: port } });
      socket = await connectSocket(server.url, cookie);

      const counterBack = await shell(socket, labId, counter.id);
      expect(counterBack.id).toBe(counter.id);
      expect(counterBack.replayed).toBe(true);
      await counterBack.out.waitFor(/n=\d+/);
      // Counted on while the server was down (1.5 s at 5 per second, and the restart itself).
      const after = lastCount(counterBack.out.text);
      expect(after).toBeGreaterThan(before + 5);
      await counterBack.out.waitFor(`n=${after + 2}`);
      counterBack.type('\x03');
      counterBack.type('echo typed-$((6*7))\r');
      await counterBack.out.waitFor('typed-42');

      const editorBack = await shell(socket, labId, editor.id);
      expect(editorBack.id).toBe(editor.id);
      expect(editorBack.out.text).toContain(`unsaved-${signal}`);
      editorBack.type('-more\x1b:wq\r');
      const saved = await waitFor('the editor saved', async () => {
        const file = await runtime.readFile(labId, `/root/notes-${signal}.txt`);
        return file?.toString();
      });
      expect(saved).toBe(`unsaved-${signal}-more\n`);
      const jobs = await runtime.exec(labId, ['sh', '-c', 'pgrep -c -x sleep']);
      expect(Number(jobs.stdout.trim())).toBeGreaterThanOrEqual(1);
      socket.disconnect();
    });
  }
});
