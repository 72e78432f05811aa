// A class of N learners, each with a lab and an open shell running a counter, on the real server process;
// then a restart (SIGTERM or kill -9) and every browser resuming its shell at once. Shared by the
// integration test (restart-many.test.ts) and the bench (bench/restart.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpClient } from './server.js';
import { spawnServer, type ServerProcess } from './server-process.js';
import { collectOutput, connectSocket } from './socket-client.js';

export const CLASS_ENV = {
  ATELIER_POOL_SIZE: '0',
  ATELIER_MAX_LABS: '200',
  ATELIER_LABS_PER_IP: '1000',
  ATELIER_ACCOUNTS_PER_IP_HOUR: '10000',
};
const size = { cols: 80, rows: 24 };

export interface Learner {
  cookie: string;
  labId: string;
  terminalId: string;
}

export interface ResumeReport {
  /** Spawn of the new process → /api/health answers 200. */
  healthyMs: number;
  /** Spawn → each learner's shell reattached (the ack of its resume, its screen replayed). */
  backMs: number[];
  /** Learners whose ack named their old shell and replayed it. */
  sameShell: number;
}

export const lastCount = (text: string) =>
  Math.max(0, ...[...text.matchAll(/n=(\d+)/g)].map((m) => Number(m[1])));

async function limited<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

export async function healthyAfter(url: string, t0: number, budgetMs = 30_000): Promise<number> {
  for (;;) {
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return performance.now() - t0;
    if (performance.now() - t0 > budgetMs) throw new Error(`not healthy after ${budgetMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class RestartClass {
  server: ServerProcess | undefined;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-restart-class-'));
  private port = '';

  constructor(readonly instance: string) {}

  async start(): Promise<void> {
    this.server = await spawnServer({ dataDir: this.dataDir, instance: this.instance, env: CLASS_ENV });
    this.port = new URL(this.server.url).port;
  }

  /** N learners, 6 at a time: account, lab, shell with a counter printing every second. */
  async learners(n: number, from = 0): Promise<Learner[]> {
    const url = this.server!.url;
    return limited(
      Array.from({ length: n }, (_, i) => i + from),
      6,
      async (i) => {
        const http = httpClient(url);
        await http.post('/api/auth/register', { username: `learner${i}`, password: 'correct horse' });
        const lab = (await http.post('/api/labs', { courseId: 'premiers-pas' })).body as { id: string };
        const socket = await connectSocket(url, http.cookie);
        const term: { id?: string } = {};
        const out = collectOutput(socket, () => term.id);
        const ack = await socket.emitWithAck('terminal:open', { labId: lab.id, ...size });
        if (!ack.ok) {
          const log = this.server!.output()
            .split('\n')
            .filter((l) => /"level":"(warn|error)"/.test(l));
          throw new Error(
            `learner${i}: terminal:open refused (${ack.reason}): ${ack.message}\n${log.slice(-5).join('\n')}`,
          );
        }
        term.id = ack.terminalId;
        socket.emit('terminal:input', {
          terminalId: ack.terminalId,
          data: 'i=0; while :; do i=$((i+1)); echo "n=$i"; sleep 1; done\r',
        });
        await out.waitFor('n=1', 30_000);
        // The socket stays open until the server dies, as a browser tab would.
        return { cookie: http.cookie, labId: lab.id, terminalId: ack.terminalId };
      },
    );
  }

  /** Kills the server, starts a new one on the same port, and every learner resumes at once. */
  async restart(signal: 'SIGTERM' | 'SIGKILL', learners: Learner[]): Promise<ResumeReport> {
    const old = this.server!;
    old.child.kill(signal);
    await old.exited;
    const t0 = performance.now();
    this.server = await spawnServer({
      dataDir: this.dataDir,
      instance: this.instance,
      env: { ...CLASS_ENV, ATELIER_PORT: this.port },
    });
    const url = this.server.url;
    const healthy = healthyAfter(url, t0);
    let sameShell = 0;
    const backMs = await Promise.all(
      learners.map(async (l) => {
        const socket = await connectSocket(url, l.cookie);
        const term = { id: l.terminalId };
        const out = collectOutput(socket, () => term.id);
        const ack = await socket.emitWithAck('terminal:open', {
          labId: l.labId,
          ...size,
          resume: l.terminalId,
        });
        const ms = performance.now() - t0;
        if (!ack.ok) throw new Error(`resume of ${l.terminalId} refused: ${ack.reason} (${ack.message})`);
        if (ack.terminalId !== l.terminalId)
          throw new Error(`resume of ${l.terminalId} gave another shell ${ack.terminalId}`);
        if (ack.replayed) sameShell++;
        // And live: the counter goes on past what the replay showed.
        const before = lastCount(out.text);
        await out.waitFor(new RegExp(`n=${before + 1}\\b`), 60_000);
        socket.disconnect();
        return ms;
      }),
    );
    return { healthyMs: await healthy, backMs, sameShell };
  }

  stop(): void {
    this.server?.child.kill('SIGKILL');
  }
}
