// The real server as its own process for benchmarks that measure its memory or latency on its own.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { instanceContainers, removeInstanceContainers } from '../test/support/instance-containers.js';
import { spawnServer, type ServerProcess } from '../test/support/server-process.js';

export interface BenchServer extends ServerProcess {
  pid: number;
  instance: string;
  /** Its data directory (the database, for a bench that makes a trainer). */
  dataDir: string;
  /** SIGTERM, then removes every container of the instance; throws if one is left. */
  stop(): Promise<void>;
}

export async function benchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const instance = `atelier-b${randomBytes(3).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-'));
  const proc = await spawnServer({
    dataDir,
    instance,
    // Every bench learner is 127.0.0.1, like a class behind one NAT: no per-address caps.
    env: {
      ATELIER_POOL_SIZE: '0',
      ATELIER_AUTO_CHECK_MS: '0',
      ATELIER_ACCOUNTS_PER_IP_HOUR: '100000',
      ATELIER_LABS_PER_IP: '0',
      ...env,
    },
  });
  return {
    ...proc,
    pid: proc.child.pid!,
    instance,
    dataDir,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
      await removeInstanceContainers(instance);
      fs.rmSync(dataDir, { recursive: true, force: true });
      if ((await instanceContainers(instance)).length) throw new Error(`containers of ${instance} left`);
    },
  };
}
