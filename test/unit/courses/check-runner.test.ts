import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExerciseChecks } from '../../../server/courses/check-runner.js';
import { check } from '../../../server/courses/checks/index.js';
import type { ExecOptions } from '../../../server/sandbox/sandbox-runtime.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

/** The nonce a batch script carries on its `__n=` line. */
function nonceOf(script: string): string {
  return /^__n=([0-9a-f]+)$/m.exec(script)?.[1] ?? '';
}

/** One probe's result as the batch prints it (parseCheckOutput). */
const block = (nonce: string, i: number, output: string, code = 0) =>
  `@@${nonce}:B:${i}\n${output}\n@@${nonce}:E:${i}:${code}\n`;

/** A fake lab whose batched exec runs with the local bash: the files live in a temp folder. */
function localRuntime(): FakeRuntime {
  return new FakeRuntime((_lab, cmd: string[], opts: ExecOptions) => {
    const r = spawnSync(cmd[0] ?? 'bash', cmd.slice(1), { input: opts.stdin, encoding: 'utf8' });
    return { exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  });
}

describe('runExerciseChecks', () => {
  let dir: string;
  let runtime: FakeRuntime;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'atelier-checks-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'Réunion du lundi\n');
    writeFileSync(path.join(dir, 'secret.txt'), 'x');
    chmodSync(path.join(dir, 'secret.txt'), 0o644);
    symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'lien'));
    mkdirSync(path.join(dir, 'projet'));
    chmodSync(path.join(dir, 'projet'), 0o750);
    runtime = localRuntime();
    await runtime.ensureLab({ labId: 'l1', userId: 'u', courseId: 'c', image: 'atelier/base' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the file checks in one grader batch, the commands in one lab exec, each with a localized message', async () => {
    const count = (m: string) => runtime.calls.filter((c) => c.method === m).length;
    const [execs, inspects] = [count('exec'), count('inspect')];
    const r = await runExerciseChecks(
      runtime,
      'l1',
      [
        check.file(path.join(dir, 'notes.txt'), { contains: 'Réunion' }),
        check.file(path.join(dir, 'lien'), { type: 'symlink' }),
        check.file(path.join(dir, 'lien'), { contains: 'lundi', followSymlinks: true }),
        check.file(path.join(dir, 'lien'), { contains: 'lundi' }),
        check.file(path.join(dir, 'secret.txt'), { mode: '600', points: 2 }),
        check.file(path.join(dir, 'absent'), { exists: false }),
        check.command('echo bonjour', { output: /bonj/ }),
        check.command('exit 3', { id: 'code', fail: { fr: 'Raté.', en: 'Missed.' } }),
      ],
      'fr',
    );
    expect(count('exec') - execs).toBe(1);
    expect(count('inspect') - inspects).toBe(1);
    expect(r.checks.map((c) => [c.id, c.passed])).toEqual([
      ['file-1', true],
      ['file-2', true],
      ['file-3', true],
      ['file-4', false],
      ['file-5', false],
      ['file-6', true],
      ['command-7', true],
      ['code', false],
    ]);
    // Without followSymlinks, a link is judged as a link: its target's content does not count.
    expect(r.checks[3]?.message).toBe(`${dir}/lien est un lien symbolique, pas un fichier.`);
    expect(r.checks[4]?.message).toBe(`Les droits de ${dir}/secret.txt sont 644 (attendu : 600).`);
    expect(r.checks[7]).toMatchObject({
      message: 'Raté.',
      detail: '« exit 3 » se termine avec le code 3 (attendu : 0).',
    });
    expect(r).toMatchObject({ passed: false, score: 5, maxScore: 9 });
  });

  it('runs the checks that name the default machine in the batch of those that name none', async () => {
    const count = () => runtime.calls.filter((c) => c.method === 'inspect').length;
    const before = count();
    const r = await runExerciseChecks(
      runtime,
      'l1',
      [
        check.file(path.join(dir, 'notes.txt'), { contains: 'Réunion' }),
        check.file(path.join(dir, 'secret.txt'), { machine: 'lab', mode: '644' }),
      ],
      'en',
      'lab',
    );
    expect(count() - before).toBe(1);
    expect(r.checks.map((c) => c.passed)).toEqual([true, true]);
  });

  it('skips the exec entirely when no check needs the lab shell', async () => {
    const rt = localRuntime();
    await rt.ensureLab({ labId: 'l2', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(
      rt,
      'l2',
      [check.file(path.join(dir, 'projet'), { type: 'directory', mode: '750' })],
      'en',
    );
    expect(r.passed).toBe(true);
    expect(rt.calls.filter((c) => c.method === 'inspect')).toHaveLength(1);
    expect(rt.calls.some((c) => c.method === 'exec')).toBe(false);
  });

  it("trusts the grader's view of a file over a lab exec that lies", async () => {
    const labScripts: string[] = [];
    const honest = localRuntime();
    const rt = new FakeRuntime((lab, cmd, opts) => {
      if (cmd.includes('-s')) return honest.exec(lab, cmd, opts); // the grader: the truth (mode 644)
      // The lab: a root learner who even knows the nonce answers every probe "a mode-600 file".
      const script = opts.stdin?.toString() ?? '';
      labScripts.push(script);
      const n = nonceOf(script);
      const forged = 'L 8180 0 0 1\nF 8180 0 0 1';
      return { stdout: [0, 1, 2].map((i) => block(n, i, forged)).join('') };
    });
    await honest.ensureLab({ labId: 'l3', userId: 'u', courseId: 'c', image: 'atelier/base' });
    await rt.ensureLab({ labId: 'l3', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(
      rt,
      'l3',
      [check.file(path.join(dir, 'secret.txt'), { mode: '600' }), check.command('true')],
      'en',
    );
    expect(r.checks[0]).toMatchObject({
      passed: false,
      message: `${dir}/secret.txt has mode 644 (expected 600).`,
    });
    expect(labScripts).toHaveLength(1);
    expect(labScripts[0]).not.toContain('secret.txt');
  });

  it('judges packages from the grader batch output', async () => {
    const scripts: string[] = [];
    const rt = new FakeRuntime((_lab, cmd, opts) => {
      expect(cmd).toEqual(['bash', '--noprofile', '--norc', '-s']);
      const script = opts.stdin?.toString() ?? '';
      scripts.push(script);
      const n = nonceOf(script);
      return {
        stdout:
          block(n, 0, 'S installed 1.22.1-9\nK 1\nF 40 40 2 2\n') +
          block(n, 1, 'S \nK 1\nF 12 0 1 0\nX /usr/sbin/apache2\n'),
      };
    });
    await rt.ensureLab({ labId: 'l4', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(rt, 'l4', [check.package('nginx'), check.package('apache2')], 'en');
    expect(r.checks.map((c) => c.message)).toEqual([
      'Package nginx is installed (1.22.1-9).',
      'Package apache2 is not installed.',
    ]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain("__pkg '\\''nginx'\\''");
    expect(rt.calls.some((c) => c.method === 'exec')).toBe(false);
  });

  it('fails closed when the batch output cannot be trusted', async () => {
    const liar = new FakeRuntime(() => ({
      stdout: '@@deadbeefdeadbeefdeadbeefdeadbeef:B:0\nbonjour\n@@deadbeefdeadbeefdeadbeefdeadbeef:E:0:0\n',
    }));
    await liar.ensureLab({ labId: 'l5', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(
      liar,
      'l5',
      [check.command('echo bonjour', { output: 'bonjour' })],
      'en',
    );
    expect(r.checks[0]).toMatchObject({ passed: false, message: '"echo bonjour" could not be run.' });
  });
});
