// Drives one docker-compose project made from the repository's docker-compose.yml, under unique names
// (project, lab container prefix, port), and removes everything it made.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { freePort } from '../support/ports.js';

const exec = promisify(execFile);

/** Compose v2 (`docker compose`) when installed, else Debian's v1 (`docker-compose`). */
async function composeCommand(): Promise<string[]> {
  try {
    await exec('docker', ['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
}

/** Runs a command with its output shown (image builds are long: CI should see them move). */
export function runShown(cmd: string, args: string[], env = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}`)),
    );
  });
}

export async function composeProject(image: string) {
  const id = randomBytes(3).toString('hex');
  const [bin, ...pre] = await composeCommand();
  const project = `atelier-deploy-${id}`;
  const instance = `atelier-d${id}`;
  const port = await freePort();
  const env = {
    ...process.env,
    ATELIER_IMAGE: image,
    ATELIER_INSTANCE: instance,
    ATELIER_HTTP_PORT: String(port),
    DOCKER_GID: String(fs.statSync('/var/run/docker.sock').gid),
  };
  const compose = async (...args: string[]) =>
    (
      await exec(bin!, [...pre, '-f', 'docker-compose.yml', '-p', project, ...args], {
        env,
        maxBuffer: 32 << 20,
      })
    ).stdout;
  const containerId = async () => (await compose('ps', '-q', 'atelier')).trim();
  return {
    project,
    instance,
    url: `http://127.0.0.1:${port}`,
    compose,
    containerId,
    async inContainer(...cmd: string[]) {
      return (await exec('docker', ['exec', await containerId(), ...cmd])).stdout;
    },
    /** GET /api/health with a short budget (a connection accepted by docker-proxy may never answer). */
    async httpHealth(): Promise<{ status: number; body: unknown } | undefined> {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(3000) });
      return { status: res.status, body: await res.json() };
    },
    async health(): Promise<string> {
      return (
        await exec('docker', ['inspect', '-f', '{{.State.Health.Status}}', await containerId()])
      ).stdout.trim();
    },
    /** Compose down (volume included), then the lab and pool containers and the networks the platform made. */
    async destroy(): Promise<void> {
      await compose('down', '-v', '--remove-orphans', '-t', '10').catch((e: Error) =>
        console.error(e.message),
      );
      const ids: string[] = [];
      for (const kind of ['lab', 'mach']) {
        const { stdout } = await exec('docker', ['ps', '-aq', '--filter', `name=^/${instance}-${kind}-`]);
        ids.push(...stdout.split('\n').filter(Boolean));
      }
      if (ids.length) await exec('docker', ['rm', '-f', '-v', ...ids]);
      const nets = await exec('docker', ['network', 'ls', '-q', '--filter', `name=^${instance}-net-`]);
      const netIds = nets.stdout.split('\n').filter(Boolean);
      if (netIds.length) await exec('docker', ['network', 'rm', ...netIds]).catch(() => undefined);
    },
  };
}

/** Polls until `probe` returns a value, within a budget named in the error. */
export async function waitFor<T>(
  what: string,
  budgetMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const until = Date.now() + budgetMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not reached after ${budgetMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
