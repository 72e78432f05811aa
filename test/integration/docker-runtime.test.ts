// DockerRuntime against the real Engine: lifecycle, adoption after a restart, exec, files, terminals.
// Every container is created under a random lab id and removed by id in afterAll.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import type { LabSpec, SandboxRuntime, TerminalStream } from '../../server/sandbox/sandbox-runtime.js';
import { docker } from '../support/docker-client.js';

const config = loadConfig();
// Own container-name prefix: a test server's reconcile elsewhere removes unknown labs of the default one.
const instance = `${config.imagePrefix}-it`;
const newRuntime = () => createSandbox({ ...config, instance }).runtime;
const labSpec = (): LabSpec => ({
  labId: `it-${randomBytes(5).toString('hex')}`,
  userId: 'u-it',
  courseId: 'c-it',
  image: `${config.imagePrefix}/base`,
});
const containerIds = new Set<string>();
const runtime = newRuntime();

async function ensure(rt: SandboxRuntime, spec: LabSpec) {
  const info = await rt.ensureLab(spec);
  if (info.containerId) containerIds.add(info.containerId);
  return info;
}

/** Collects a terminal's output; `until` waits (with a budget) for a pattern. */
function collect(term: TerminalStream) {
  let text = '';
  // eslint-disable-next-line no-control-regex -- match what the learner sees, not the colour codes
  term.onData((chunk) => (text += chunk.toString('utf8').replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '')));
  return {
    text: () => text,
    async until(re: RegExp, budgetMs = 5_000): Promise<void> {
      const deadline = Date.now() + budgetMs;
      while (!re.test(text)) {
        if (Date.now() > deadline)
          throw new Error(`terminal output never matched ${re} in ${budgetMs} ms:\n${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    for (const id of containerIds) {
      const c = docker.getContainer(id);
      const info = await c.inspect().catch((e: Error) => e.message);
      const logs = await c.logs({ stdout: true, stderr: true, tail: 50 }).catch((e: Error) => e.message);
      console.error(`--- container ${id}\n${JSON.stringify(typeof info === 'string' ? info : info.State)}`);
      console.error(logs.toString());
    }
  });
});

afterAll(async () => {
  await Promise.all(
    [...containerIds].map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => 0),
    ),
  );
});

describe('DockerRuntime', () => {
  const spec = labSpec();

  it('answers ping', async () => {
    expect(await runtime.ping()).toMatchObject({ ok: true, version: expect.any(String) });
  });

  it('reports missing before ensureLab, then creates a running lab', async () => {
    expect(await runtime.poll(spec.labId)).toEqual({ labId: spec.labId, state: 'missing' });
    const t0 = performance.now();
    const info = await ensure(runtime, spec);
    console.log(`[timing] ensureLab create+start: ${Math.round(performance.now() - t0)} ms`);
    expect(info).toMatchObject({ labId: spec.labId, state: 'running', userId: 'u-it', courseId: 'c-it' });
    expect(await runtime.poll(spec.labId)).toMatchObject({ state: 'running', containerId: info.containerId });
  });

  it('runs commands: stdout, stderr, exit code, stdin', async () => {
    const t0 = performance.now();
    const r = await runtime.exec(spec.labId, ['sh', '-c', 'echo $((6*7))']);
    console.log(`[timing] exec round trip: ${Math.round(performance.now() - t0)} ms`);
    expect(r).toMatchObject({ exitCode: 0, stdout: '42\n', stderr: '', timedOut: false });
    const fail = await runtime.exec(spec.labId, ['sh', '-c', 'echo oops >&2; exit 3']);
    expect(fail).toMatchObject({ exitCode: 3, stdout: '', stderr: 'oops\n' });
    expect((await runtime.exec(spec.labId, ['cat'], { stdin: 'from stdin' })).stdout).toBe('from stdin');
    expect((await runtime.exec(spec.labId, ['id', '-un'], { user: 'nobody' })).stdout).toBe('nobody\n');
  });

  it('gives the base image tools that work under the lab profile', async () => {
    const sh = (script: string) => runtime.exec(spec.labId, ['bash', '-c', script]);
    expect((await sh('grep CapEff /proc/self/status')).stdout).toMatch(/0+200404fb/);
    expect(await sh('hostname; sudo -u nobody id -un')).toMatchObject({
      stdout: 'lab\nnobody\n',
      stderr: '',
    });
    expect((await sh('ping -c1 -W2 lab')).exitCode).toBe(0);
    expect((await sh('ls /var/lib/apt/lists | grep -c _Packages')).stdout.trim()).not.toBe('0');
  });

  it('times out a command and kills it in the lab', async () => {
    const r = await runtime.exec(spec.labId, ['sh', '-c', 'sleep 1234; echo never'], { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.stdout).toBe('');
    expect(r.durationMs).toBeLessThan(3_000);
    const ps = await runtime.exec(spec.labId, ['ps', '-eo', 'args']);
    expect(ps.stdout).not.toContain('sleep 1234');
  });

  it('bounds the output it keeps', async () => {
    const r = await runtime.exec(spec.labId, ['sh', '-c', 'yes | head -c 3000000'], { maxOutputBytes: 1000 });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(r.stdout).toHaveLength(1000);
  });

  it('reads files through the archive API', async () => {
    await runtime.exec(spec.labId, [
      'sh',
      '-c',
      'printf "hello\\n" > /root/note.txt; ln -s note.txt /root/link',
    ]);
    expect((await runtime.readFile(spec.labId, '/root/note.txt'))?.toString()).toBe('hello\n');
    expect((await runtime.readFile(spec.labId, '/root/link'))?.toString()).toBe('hello\n');
    expect((await runtime.readFile(spec.labId, '/root/note.txt', 3))?.toString()).toBe('hel');
    expect(await runtime.readFile(spec.labId, '/root/missing.txt')).toBeNull();
    expect(await runtime.readFile(spec.labId, '/usr')).toBeNull();
  });

  it('opens a root shell with a TTY, resizes it, and close() ends the shell and its jobs', async () => {
    const t0 = performance.now();
    const term = await runtime.openTerminal(spec.labId, { cols: 80, rows: 24 });
    const out = collect(term);
    await out.until(/root@lab:~# /);
    console.log(`[timing] openTerminal → first prompt: ${Math.round(performance.now() - t0)} ms`);
    term.write('echo $((6*7))\r');
    await out.until(/\n\r?42\r\n/);
    await term.resize({ cols: 120, rows: 50 });
    term.write('stty size; echo $TERM $LANG $PWD $(id -un)\r');
    await out.until(/50 120\r\nxterm-256color C\.UTF-8 \/root root\r\n/);
    // Like a dropped SSH line: jobs get SIGHUP, a nohup'd one survives.
    term.write('sleep 5555 & nohup sleep 6666 >/dev/null 2>&1 & sleep 4321\r');
    await new Promise((r) => setTimeout(r, 300));
    let exitCode: number | null | undefined;
    term.onExit((code) => (exitCode = code));
    await term.close();
    await term.close(); // idempotent
    const ps = await runtime.exec(spec.labId, ['ps', '-eo', 'comm,args']);
    expect(ps.stdout).not.toMatch(/^bash/m);
    expect(ps.stdout).not.toMatch(/sleep (4321|5555)/);
    expect(ps.stdout).toContain('sleep 6666');
    await runtime.exec(spec.labId, ['pkill', '-f', 'sleep 6666']);
    await expect.poll(() => exitCode, { timeout: 3_000 }).not.toBeUndefined();
    const pidFiles = await runtime.exec(spec.labId, ['sh', '-c', 'ls /run/atelier | wc -l']);
    expect(pidFiles.stdout.trim()).toBe('0');
  });

  it('reports the exit code when the learner exits the shell', async () => {
    const term = await runtime.openTerminal(spec.labId, { cols: 80, rows: 24 });
    const exited = new Promise<number | null>((resolve) => term.onExit(resolve));
    collect(term);
    term.write('exit 7\r');
    expect(await exited).toBe(7);
    await term.close();
    expect((await runtime.exec(spec.labId, ['ls', '/run/atelier'])).stdout).toBe('');
  });

  it('stops (idempotently) and refuses exec and terminals while stopped', async () => {
    await runtime.stop(spec.labId);
    await runtime.stop(spec.labId);
    expect((await runtime.poll(spec.labId)).state).toBe('stopped');
    await expect(runtime.exec(spec.labId, ['true'])).rejects.toMatchObject({ reason: 'lab-not-running' });
    await expect(runtime.openTerminal(spec.labId, { cols: 80, rows: 24 })).rejects.toMatchObject({
      reason: 'lab-not-running',
    });
    expect((await runtime.readFile(spec.labId, '/root/note.txt'))?.toString()).toBe('hello\n');
  });

  it('adopts the same container after a server restart, files intact, no duplicate', async () => {
    const before = await runtime.poll(spec.labId);
    const restarted = newRuntime();
    const info = await ensure(restarted, spec);
    expect(info).toMatchObject({ state: 'running', containerId: before.containerId });
    expect((await restarted.list()).filter((l) => l.labId === spec.labId)).toEqual([
      expect.objectContaining({ state: 'running', containerId: before.containerId }),
    ]);
    expect((await restarted.exec(spec.labId, ['cat', '/root/note.txt'])).stdout).toBe('hello\n');
  });

  it('turns racing ensureLab calls into one container', async () => {
    const other = labSpec();
    const [a, b] = await Promise.all([ensure(runtime, other), ensure(newRuntime(), other)]);
    expect(a.containerId).toBe(b.containerId);
    await runtime.remove(other.labId);
  });

  it('removes idempotently; a removed lab is missing, not an error', async () => {
    await runtime.remove(spec.labId);
    expect(await runtime.poll(spec.labId)).toEqual({ labId: spec.labId, state: 'missing' });
    await runtime.remove(spec.labId);
    await runtime.stop(spec.labId);
    await expect(runtime.exec(spec.labId, ['true'])).rejects.toMatchObject({ reason: 'lab-not-running' });
    await expect(runtime.readFile(spec.labId, '/etc/hostname')).rejects.toMatchObject({
      reason: 'lab-not-running',
    });
    expect((await runtime.list()).some((l) => l.labId === spec.labId)).toBe(false);
  });

  it('refuses an image outside the allowlist without creating anything', async () => {
    const bad = { ...labSpec(), image: `${config.imagePrefix}/os:bookworm` };
    await expect(runtime.ensureLab(bad)).rejects.toMatchObject({ reason: 'image-not-allowed' });
    expect(await runtime.poll(bad.labId)).toMatchObject({ state: 'missing' });
  });
});
