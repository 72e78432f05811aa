// The real server as a child process, exactly as production runs it: `node dist/server/main.js`, the
// compiled server (the Docker-backed projects' global setup compiles it first), so a test can SIGKILL or
// SIGTERM exactly the server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SERVER_MAIN = path.join('dist', 'server', 'main.js');

/** Compiles the server from the current sources (under a second), as `npm run build:server` does. */
export function buildServer(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnServer(
  opts: { dataDir: string; instance: string; env?: Record<string, string> },
  budgetMs = 60_000,
): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN))
    throw new Error(`${SERVER_MAIN} is missing: run \`npm run build:server\` first`);
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      ATELIER_ENV_FILE: path.join(opts.dataDir, 'no-such.env'),
      ATELIER_HOST: '127.0.0.1',
      ATELIER_PORT: '0',
      ATELIER_DATA_DIR: opts.dataDir,
      ATELIER_INSTANCE: opts.instance,
      ATELIER_BUILD_IMAGES: 'never',
      ATELIER_LOG_LEVEL: 'info',
      ATELIER_BACKUP_INTERVAL_H: '0',
      // Never busy unless a test asks: other tests loading this machine must not hold pool refills.
      ATELIER_HOST_BUSY_PRESSURE: '100',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready after ${budgetMs} ms:\n${out}`));
    }, budgetMs);
    const onData = () => {
      const m = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then(() => (clearTimeout(timer), reject(new Error(`server exited before ready:\n${out}`))));
  });
  return { url, child, output: () => out, exited };
}
