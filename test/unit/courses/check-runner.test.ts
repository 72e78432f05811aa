import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExerciseChecks } from '../../../server/courses/check-runner.js';
import type { PathStat } from '../../../server/sandbox/sandbox-runtime.js';
import { check } from '../../../server/courses/checks/index.js';
import type { ExecOptions } from '../../../server/sandbox/sandbox-runtime.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

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
    runtime = localRuntime();
    await runtime.ensureLab({ labId: 'l1', userId: 'u', courseId: 'c', image: 'atelier/base' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every check in one exec and reports each with a localized message', async () => {
    const before = runtime.calls.filter((c) => c.method === 'exec').length;
    const r = await runExerciseChecks(
      runtime,
      'l1',
      [
        check.file(path.join(dir, 'notes.txt'), { contains: 'Réunion' }),
        check.file(path.join(dir, 'lien'), { type: 'symlink' }),
        check.file(path.join(dir, 'lien'), { contains: 'lundi' }),
        check.file(path.join(dir, 'secret.txt'), { mode: '600', points: 2 }),
        check.file(path.join(dir, 'absent'), { exists: false }),
        check.command('echo bonjour', { output: /bonj/ }),
        check.command('exit 3', { id: 'code', fail: { fr: 'Raté.', en: 'Missed.' } }),
      ],
      'fr',
    );
    expect(runtime.calls.filter((c) => c.method === 'exec').length - before).toBe(1);
    expect(r.checks.map((c) => [c.id, c.passed])).toEqual([
      ['file-1', true],
      ['file-2', true],
      ['file-3', true],
      ['file-4', false],
      ['file-5', true],
      ['command-6', true],
      ['code', false],
    ]);
    expect(r.checks[3]?.message).toBe(`Les droits de ${dir}/secret.txt sont 644 (attendu : 600).`);
    expect(r.checks[6]).toMatchObject({
      message: 'Raté.',
      detail: '« exit 3 » se termine avec le code 3 (attendu : 0).',
    });
    expect(r).toMatchObject({ passed: false, score: 5, maxScore: 8 });
  });

  it('skips the exec entirely when no check needs the lab shell', async () => {
    const outside = Object.assign(new FakeRuntime(), {
      statPath: async (): Promise<PathStat | null> => ({ type: 'directory', mode: 0o750, size: 0 }),
    });
    await outside.ensureLab({ labId: 'l2', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(
      outside,
      'l2',
      [check.file('/root/projet', { type: 'directory', mode: '750' })],
      'en',
    );
    expect(r.passed).toBe(true);
    expect(outside.calls.some((c) => c.method === 'exec')).toBe(false);
  });

  it('prefers metadata read from outside over what the lab says', async () => {
    const rt = Object.assign(localRuntime(), {
      statPath: async (_lab: string, p: string): Promise<PathStat | null> =>
        p.endsWith('secret.txt') ? { type: 'file', mode: 0o600, uid: 0, gid: 0, size: 1 } : null,
    });
    await rt.ensureLab({ labId: 'l3', userId: 'u', courseId: 'c', image: 'atelier/base' });
    const r = await runExerciseChecks(
      rt,
      'l3',
      [check.file(path.join(dir, 'secret.txt'), { mode: '600' })],
      'en',
    );
    expect(r.passed).toBe(true);
  });

  it('reads file contents from outside when asked to', async () => {
    const rt = new FakeRuntime();
    await rt.ensureLab({ labId: 'l4', userId: 'u', courseId: 'c', image: 'atelier/base' });
    rt.writeFile(
      'l4',
      '/var/lib/dpkg/status',
      'Package: nginx\nStatus: install ok installed\nVersion: 1.22.1-9\n\n',
    );
    const r = await runExerciseChecks(rt, 'l4', [check.package('nginx'), check.package('apache2')], 'en', {
      fileReads: 'outside',
    });
    expect(r.checks.map((c) => c.message)).toEqual([
      'Package nginx is installed (1.22.1-9).',
      'Package apache2 is not installed.',
    ]);
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
