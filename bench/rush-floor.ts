// The floor of a class rush (bench/class-rush.ts), measured in the same run: bare containers created with
// the exact create options of a lab the platform made (so it follows the profile as it changes), a TTY
// exec shell each, the same work; a neighbour's raw-TTY echo under that load. No Atelier code in the path.
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { docker } from '../test/support/docker-client.js';
import { startTestServer } from '../test/support/server.js';
import { benchLearner } from './bench-learner.js';
import { echoFloor, once, tty } from './floors.js';
import { sleep } from './stats.js';

/** Printed after the work: computed, so the echo of the typed line never contains it. */
export const WORK_MARKER = 'RUSH-DONE-42';
export const workLine = (cmd: string) => `${cmd}; echo RUSH-DONE-$((6*7))\r`;

/** A lab's create options minus what ties them to the platform (its name, its tool volume, its network). */
export type LabShape = Omit<Dockerode.ContainerCreateOptions, 'name'>;

/**
 * Starts one lab per course on a throwaway server (its own instance, so no demand is signalled to the
 * bench's server) and reads each lab container's create options back from Docker.
 */
export async function labShapes(courseIds: string[]): Promise<Map<string, LabShape>> {
  const server = await startTestServer();
  const shapes = new Map<string, LabShape>();
  try {
    const l = await benchLearner(server.url, 'shape-probe');
    for (const courseId of courseIds) {
      const lab = await l.http.post('/api/labs', { courseId });
      if (lab.status !== 200)
        throw new Error(`probe lab ${courseId}: ${lab.status} ${JSON.stringify(lab.body)}`);
      const info = await docker.getContainer(`${server.instance}-lab-${lab.body.id}`).inspect();
      const host: Dockerode.HostConfig = { ...info.HostConfig };
      for (const key of [
        'Mounts',
        'Binds',
        'VolumesFrom',
        'Links',
        'ContainerIDFile',
        'PortBindings',
      ] as const)
        delete host[key];
      if (!['none', 'default', 'bridge'].includes(host.NetworkMode ?? 'none')) host.NetworkMode = 'none';
      const { Image, Hostname, WorkingDir, Env } = info.Config;
      shapes.set(courseId, {
        Image,
        Hostname,
        WorkingDir,
        Env,
        Cmd: ['sleep', 'infinity'],
        HostConfig: host,
      });
    }
    l.socket.disconnect();
  } finally {
    await server.close();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  return shapes;
}

export interface FloorRun {
  /** Per container, from its press (create) to the shell's first byte; and to the work's marker. */
  prompts: number[];
  dones: number[];
  /** From the first press to the last prompt. */
  lastPromptMs: number;
  /** A neighbour's key → echo on a raw exec TTY while the others start (and work). */
  echo: number[];
  failures: string[];
}

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

/**
 * `n` bare labs pressed within `spreadMs`: each is created, started, gets `bash -l` on an exec TTY and,
 * with `work`, types it and waits for the marker. A neighbour container, started before, types one key
 * every `echoGapMs` until the last one is done. Every container is removed afterwards.
 */
export async function rushFloor(
  shape: LabShape,
  n: number,
  opts: { work?: string; spreadMs: number; echoGapMs: number; budgetMs: number },
): Promise<FloorRun> {
  const made: Dockerode.Container[] = [];
  const create = async () => {
    const name = `atelier-bench-floor-${randomBytes(4).toString('hex')}`;
    const c = await docker.createContainer({ ...shape, name });
    made.push(c);
    await c.start();
    return c;
  };
  try {
    let rushing = true;
    const echoing = echoFloor(await create(), Number.MAX_SAFE_INTEGER, opts.echoGapMs, () => !rushing);
    const prompts: number[] = [];
    const dones: number[] = [];
    const failures: string[] = [];
    let lastPromptMs = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await sleep((i * opts.spreadMs) / n);
        const pressed = performance.now();
        try {
          const s = await tty(await create(), ['bash', '-l']);
          await within(
            once(s, (t) => t.length > 0),
            opts.budgetMs,
            'floor prompt',
          );
          prompts.push(performance.now() - pressed);
          lastPromptMs = Math.max(lastPromptMs, performance.now() - t0);
          if (opts.work) {
            const done = once(s, (t) => t.includes(WORK_MARKER));
            s.write(workLine(opts.work));
            await within(done, opts.budgetMs, 'floor work');
            dones.push(performance.now() - pressed);
          }
          s.destroy();
        } catch (err) {
          failures.push((err as Error).message);
        }
      }),
    );
    rushing = false;
    return { prompts, dones, lastPromptMs, echo: await echoing, failures };
  } finally {
    await Promise.all(made.map((c) => c.remove({ force: true }).catch(() => undefined)));
  }
}
