// The Docker floor each benchmark is compared with, measured in the same run on a bare container
// (no Atelier code in the path): exec, shell prompt, keystroke echo, PTY throughput, burst of starts.
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { docker } from '../test/support/docker-client.js';

const IMAGE = 'atelier/base';
const HOST = { NetworkMode: 'none', Init: true };

/** A plain running container for floor measurements; remove() when done. */
export async function floorContainer(): Promise<Dockerode.Container & { dispose(): Promise<void> }> {
  const c = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sleep', 'infinity'],
    name: `atelier-bench-floor-${randomBytes(4).toString('hex')}`,
    HostConfig: HOST,
  });
  await c.start();
  return Object.assign(c, { dispose: () => c.remove({ force: true }).then(() => undefined) });
}

/** An exec TTY on a running container, stdin attached (what a terminal is, with nothing in between). */
export async function tty(c: Dockerode.Container, cmd: string[]): Promise<Duplex> {
  const exec = await c.exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  return exec.start({ hijack: true, stdin: true, Tty: true } as Dockerode.ExecStartOptions);
}

/** Resolves when the output from now on passes `test` (it sees the last 4 KiB: a long install stays cheap). */
export const once = (s: Duplex, test: (text: string) => boolean): Promise<void> =>
  new Promise((resolve) => {
    let text = '';
    const on = (d: Buffer) => {
      text = (text + d.toString()).slice(-4096);
      if (!test(text)) return;
      s.off('data', on);
      resolve();
    };
    s.on('data', on);
  });

/** API exec of `true`, start to exit (the unit a check batch pays once). */
export async function execFloor(c: Dockerode.Container, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const exec = await c.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
    const s = await exec.start({ hijack: true, stdin: false });
    await new Promise((r) => (s.on('data', () => undefined), s.once('end', r)));
    times.push(performance.now() - t0);
  }
  return times;
}

/** Exec TTY `bash -l` → first prompt byte on a running container (a shell without any pool). */
export async function shellFloor(c: Dockerode.Container, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const s = await tty(c, ['bash', '-l']);
    await once(s, (t) => t.length > 0);
    times.push(performance.now() - t0);
    s.end('exit\r');
    s.destroy();
  }
  return times;
}

/**
 * One key → its echo on a raw exec TTY running bash (no server in between); `runs` keys, or fewer if
 * `stop()` turns true first (a neighbour typing only while a rush lasts).
 */
export async function echoFloor(
  c: Dockerode.Container,
  runs: number,
  gapMs = 0,
  stop: () => boolean = () => false,
): Promise<number[]> {
  const s = await tty(c, ['bash', '--norc', '-i']);
  await once(s, (t) => t.includes('$') || t.includes('#'));
  const times: number[] = [];
  for (let i = 0; i < runs && !stop(); i++) {
    const t0 = performance.now();
    const echoed = once(s, (t) => t.includes('a'));
    s.write('a');
    await echoed;
    times.push(performance.now() - t0);
    if (i % 50 === 49) s.write('\x15'); // Ctrl-U: keep the line short
    await new Promise((r) => setTimeout(r, gapMs));
  }
  s.destroy();
  return times;
}

/** `seq 1 3000000` on a raw exec TTY: MB/s the PTY alone delivers. */
export async function ptyThroughputFloor(c: Dockerode.Container): Promise<{ mbPerS: number; bytes: number }> {
  const s = await tty(c, ['sh', '-c', 'seq 1 3000000; echo END-OF-SEQ']);
  let bytes = 0;
  let tail = '';
  const t0 = performance.now();
  await new Promise<void>((resolve) =>
    s.on('data', (d: Buffer) => {
      bytes += d.length;
      tail = (tail + d.toString('latin1')).slice(-32);
      if (tail.includes('END-OF-SEQ')) resolve();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  s.destroy();
  return { mbPerS: bytes / 1e6 / seconds, bytes };
}

/** n create+start through the API at once (the best a burst of cold labs can do here), wall time. */
export async function burstFloor(n: number): Promise<{ wallMs: number }> {
  const t0 = performance.now();
  const made = await Promise.all(
    Array.from({ length: n }, async () => {
      const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', 'infinity'], HostConfig: HOST });
      await c.start();
      return c;
    }),
  );
  const wallMs = performance.now() - t0;
  await Promise.all(made.map((c) => c.remove({ force: true })));
  return { wallMs };
}
