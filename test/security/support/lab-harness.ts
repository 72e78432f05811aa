// Shared pieces of the abuse tests: a real server, learners with real labs, shells over a real Socket.IO
// client, commands run beside the learner (runtime.exec), and container clean-up by id.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecResult } from '../../../server/sandbox/sandbox-runtime.js';
import { docker } from '../../support/docker-client.js';
import { httpClient, startTestServer, type TestServer } from '../../support/server.js';
import { connectSocket, type TestSocket } from '../../support/socket-client.js';
import { collect, type Output } from './terminal-output.js';

export { docker };
export const COURSE = 'premiers-pas';

/** A test server without automatic checks (they would exec into labs under attack and add noise). */
export function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0', ...env } });
}

export interface Learner {
  http: ReturnType<typeof httpClient>;
  labId: string;
  containerId: string;
}

/** Registers a user and starts their lab; the container id is pushed to `containers` for clean-up. */
export async function learner(server: TestServer, name: string, containers: string[]): Promise<Learner> {
  const http = httpClient(server.url);
  const reg = await http.post('/api/auth/register', { username: name, password: 'correct horse battery' });
  if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${JSON.stringify(reg.body)}`);
  const lab = await http.post('/api/labs', { courseId: COURSE });
  if (lab.status !== 200) throw new Error(`lab for ${name}: ${lab.status} ${JSON.stringify(lab.body)}`);
  const containerId = await containerOf(server, lab.body.id);
  containers.push(containerId);
  return { http, labId: lab.body.id, containerId };
}

export async function containerOf(server: TestServer, labId: string): Promise<string> {
  const info = await server.runtime.poll(labId);
  if (!info.containerId) throw new Error(`lab ${labId} has no container (${info.state})`);
  return info.containerId;
}

export interface Shell {
  socket: TestSocket;
  terminalId: string;
  out: Output;
  type(data: string): void;
  /** Resolves with the exit code when the server sends terminal:exit. */
  exited: Promise<number | null>;
}

/** Opens a terminal on the lab through a fresh socket, like a browser tab; output is acked. */
export async function openShell(server: TestServer, cookie: string, labId: string): Promise<Shell> {
  const socket = await connectSocket(server.url, cookie);
  const opened: { id?: string } = {}; // known once the open is acknowledged
  const out = collect(socket, () => opened.id);
  const exited = new Promise<number | null>((resolve) =>
    socket.on('terminal:exit', (p) => p.terminalId === opened.id && resolve(p.code)),
  );
  const ack = await socket.emitWithAck('terminal:open', { labId, cols: 120, rows: 40 });
  if (!ack.ok) throw new Error(`terminal:open refused: ${ack.reason} ${ack.message}`);
  const id = (opened.id = ack.terminalId);
  await out.waitFor(/# $/m, 15_000);
  return {
    socket,
    terminalId: id,
    out,
    exited,
    type: (data) => socket.emit('terminal:input', { terminalId: id, data }),
  };
}

/** Types a command and waits for a marker it prints (`__TAG<n>__`, computed so the echo cannot match). */
export async function run(shell: Shell, command: string, timeoutMs = 10_000): Promise<string> {
  const tag = `T${Math.floor(Math.random() * 1e6)}`;
  const before = shell.out.total;
  shell.type(`${command}; echo __${tag}$((6*7))__\r`);
  await shell.out.waitFor(`__${tag}42__`, timeoutMs);
  return shell.out.text.slice(-(shell.out.total - before));
}

/** A command beside the learner's shell (non-TTY exec, as root), under `timeout` inside the lab. */
export function inLab(
  server: TestServer,
  labId: string,
  script: string,
  timeoutMs = 15_000,
): Promise<ExecResult> {
  return server.runtime.exec(labId, ['sh', '-c', script], { timeoutMs });
}

/** Polls until `probe` gives a value, or fails naming what was awaited and the budget. */
export async function waitUntil<T>(
  what: string,
  budgetMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${budgetMs} ms`);
    await sleep(200);
  }
}

/** Samples GET /api/health latency every `periodMs` until stopped; a failure counts as Infinity. */
export function sampleHealth(url: string, periodMs = 250) {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      samples.push(ok ? performance.now() - t0 : Infinity);
      await sleep(periodMs);
    }
  })();
  return {
    async stop(): Promise<number[]> {
      running = false;
      await loop;
      return samples;
    },
  };
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Current pid count of a container from the engine's stats (cgroup v1 and v2 alike). */
export async function pidsOf(containerId: string): Promise<number> {
  const stats = (await docker.getContainer(containerId).stats({ stream: false, 'one-shot': true } as {
    stream: false;
  })) as { pids_stats?: { current?: number } };
  return stats.pids_stats?.current ?? NaN;
}

/** Removes containers by id, ignoring those already gone. */
export async function removeContainers(ids: string[]): Promise<void> {
  await Promise.all(
    ids.splice(0).map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}
