// The Killercoda importer (server/courses/import/) on fixture scenarios written for these tests.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ImportError,
  importKillercoda,
  kebab,
  type ImportResult,
} from '../../../server/courses/import/killercoda.js';
import { convertLesson } from '../../../server/courses/import/lesson.js';
import { compileVerify } from '../../../server/courses/import/verify.js';
import { writeCourseFolder } from '../../../server/courses/import/write-course.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'killercoda');
const REPO = path.resolve(import.meta.dirname, '../../..');
const opts = {
  exercisesDir: path.join(REPO, 'exercises'),
  formatFrom: path.join(REPO, 'courses', 'course.ts'),
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'kc-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (name: string, extra = {}) => importKillercoda(path.join(FIXTURES, name), { ...opts, ...extra });
const file = (r: ImportResult, p: string) => String(r.files.find((f) => f.path === p)?.content);
const checksOf = (script: string) => {
  const r = compileVerify(script);
  if (r.kind !== 'checks') throw new Error(`fell back: ${r.reason}`);
  return r.checks;
};

describe('lessons', () => {
  it('turns {{exec}} blocks into run blocks, {{copy}} into copy blocks and inline markers into code', () => {
    const l = convertLesson(
      'Run `ls -l`{{exec}}, `x`{{}} and `y`{{copy}}.\n\n```plain\necho hi\n```{{exec}}\n\n```\nkey: v\n```{{copy}}\n',
      {
        title: 'T',
      },
    );
    expect(l.markdown).toBe(
      '# T\n\nRun `ls -l`, `x` and `y`.\n\n```bash run\necho hi\n```\n\n```bash\nkey: v\n```\n',
    );
    expect(l.commands).toEqual(['ls -l', 'echo hi']);
  });

  it('keeps a language of a copy block and the blocks without a marker', () => {
    const l = convertLesson('```yaml\na: 1\n```{{copy}}\n\n```bash\nls\n```\n');
    expect(l.markdown).toBe('```yaml\na: 1\n```\n\n```bash\nls\n```\n');
    expect(l.commands).toEqual([]);
  });

  it('moves Solution headings and <details> out of the lesson, into hints and commands', () => {
    const l = convertLesson(
      'Intro.\n\n## Solution\n\nUse echo:\n\n```plain\necho a > /f\n```{{exec}}\n\n## Next\n\nKept.\n\n<details><summary>Lösung</summary>\n\n```\nchmod 600 /f\n```\n\n</details>\n',
    );
    expect(l.markdown).toBe('Intro.\n\n## Next\n\nKept.\n');
    expect(l.solutionSections).toEqual(['Lösung', 'Solution']);
    expect(l.commands).toEqual(['chmod 600 /f', 'echo a > /f']);
    expect(l.hints).toEqual(['`chmod 600 /f`', 'Use echo: `echo a > /f`']);
  });

  it('does not read headings inside code blocks', () => {
    const l = convertLesson('```bash\n# Solution\nls\n```\n');
    expect(l.solutionSections).toEqual([]);
    expect(l.markdown).toContain('# Solution');
  });
});

describe('verify idioms', () => {
  it.each([
    ['[ -f /etc/motd ]', "check.file('/etc/motd', { type: 'file' })"],
    ['test -d /srv/data', "check.file('/srv/data', { type: 'directory' })"],
    ['[ -e /tmp/x ] || exit 1', "check.file('/tmp/x')"],
    ['[ ! -e /tmp/old ]', "check.file('/tmp/old', { exists: false })"],
    ['[ "$(stat -c %a /srv/d)" = "750" ]', "check.file('/srv/d', { mode: '750' })"],
    ["[[ $(stat -c '%U' /srv/d) == alice ]]", "check.file('/srv/d', { owner: 'alice' })"],
    ['stat -c %G /srv/d | grep -q devs', "check.file('/srv/d', { group: 'devs' })"],
    ['grep -q hello /etc/motd', "check.file('/etc/motd', { contains: 'hello' })"],
    [
      "grep -qE '^Port [0-9]+' /etc/ssh/sshd_config",
      "check.file('/etc/ssh/sshd_config', { matches: /^Port [0-9]+/m })",
    ],
    [
      "! grep -q 'PermitRootLogin yes' /etc/x",
      "check.file('/etc/x', { notContains: 'PermitRootLogin yes' })",
    ],
    ['getent passwd alice >/dev/null', "check.user('alice')"],
    ['getent group devs', "check.group('devs')"],
    ['id -nG alice | grep -qw devs', "check.user('alice', { groups: ['devs'] })"],
    ['id bob &>/dev/null', "check.user('bob')"],
    ['visudo -c', "check.configTest('visudo -c')"],
    [
      "grep -q '30 2 \\* \\* \\* root /usr/local/bin/backup.sh' /etc/cron.d/backup",
      "check.cron({ file: '/etc/cron.d/backup', schedule: '30 2 * * *', runAs: 'root', command: '/usr/local/bin/backup.sh' })",
    ],
    ["crontab -l -u alice | grep -q 'cleanup.sh'", "check.cron({ user: 'alice', command: 'cleanup.sh' })"],
    ['dpkg -l tree', "check.package('tree')"],
    ['dpkg -l | grep -q "^ii  curl"', "check.package('curl')"],
    ['which jq', "check.package('jq')"],
    ['command -v htop >/dev/null', "check.package('htop')"],
    ['[ "$(cat /root/q.txt)" = "42" ]', "check.answer('/root/q.txt', '42')"],
  ])('%s', (script, expected) => {
    expect(checksOf(`#!/bin/bash\n${script}\n`).map((c) => c.replace(/"/g, "'"))).toEqual([expected]);
  });

  it('reads a generated quiz verifier with several accepted answers', () => {
    const script =
      '#!/bin/bash\nANSWER=$(cat /root/answer.txt | tr -d \'[:space:]\')\nif [[ "$ANSWER" == "b" || "$ANSWER" == "B" ]]; then\n  exit 0\nfi\nexit 1\n';
    expect(checksOf(script)).toEqual(['check.answer("/root/answer.txt", ["b", "B"])']);
  });

  it('makes several checks of several known lines', () => {
    expect(checksOf('set -e\ntest -d /a && grep -q x /a/f\n[ -f /b ]\n')).toHaveLength(3);
  });

  it('falls back to one command check with the original script when a line is unknown', () => {
    const script = '#!/bin/bash\n[ -f /a ]\ncurl -s http://localhost/ | grep -q Welcome\n';
    const r = compileVerify(script);
    expect(r.kind).toBe('command');
    if (r.kind === 'command') {
      expect(r.reason).toContain('curl -s http://localhost/');
      expect(r.check).toBe(`check.command(\`${script.trim()}\`)`);
    }
    expect(compileVerify('[ "$(cat /a)" != "x" ]').kind).toBe('command');
    expect(compileVerify('grep -q "$USER" /etc/x').kind).toBe('command');
  });
});

describe('importing a scenario', () => {
  it('layout A (step1/text.md + step1/verify.sh): lessons, checks, setup, solutions and a formatted course.ts', async () => {
    const r = await run('notes-a');
    expect(r.courseId).toBe('notes-a');
    expect(r.files.map((f) => f.path).sort()).toEqual([
      'course.ts',
      'lessons/a-user-for-the-notes.en.md',
      'lessons/create-the-notes-folder.en.md',
      'lessons/finish.en.md',
      'lessons/intro.en.md',
      'lessons/write-a-note.en.md',
      'setup.sh',
      'solutions/a-user-for-the-notes.sh',
      'solutions/create-the-notes-folder.sh',
      'solutions/write-a-note.sh',
      'verify/a-user-for-the-notes.sh',
    ]);
    const course = file(r, 'course.ts');
    expect(course).toContain("imported: { from: 'killercoda', untranslated: true, scenario: 'notes-a' }");
    expect(course).toContain("title: { fr: 'Write a note', en: 'Write a note' }");
    expect(course).toContain("check.file('/srv/notes/todo.txt', { contains: 'buy bread' })");
    expect(course).toContain("check.file('/srv/notes/todo.txt', { mode: '640' })");
    expect(course).toContain("setup: { script: 'setup.sh' }");
    expect(course).not.toContain('shellInit'); // fg.sh is only a clear
    expect(file(r, 'lessons/write-a-note.en.md')).toContain(
      "```bash run\necho 'buy bread' > /srv/notes/todo.txt\n```",
    );
    expect(file(r, 'solutions/write-a-note.sh')).toMatch(
      /TODO[^\n]*\n[^\n]*\necho 'buy bread' > \/srv\/notes\/todo.txt\nchmod 640 \/srv\/notes\/todo.txt\n$/,
    );
    expect(r.files.find((f) => f.path === 'solutions/write-a-note.sh')?.mode).toBe(0o755);
    expect(r.report.join('\n')).toContain(
      'step3/verify.sh → check.command (copied to verify/a-user-for-the-notes.sh',
    );
    expect(r.report).toContain(
      '[info] index.json: difficulty "beginner" is not used by Atelier (not imported)',
    );
  });

  it('layout B (step1.md + verify1.sh): unique ids, hints from Solution sections, a step foreground', async () => {
    const r = await run('layout-b', { id: 'motd' });
    expect(r.courseId).toBe('motd');
    const course = file(r, 'course.ts');
    expect(course).toContain("id: 'hello-motd',");
    expect(course).toContain("id: 'hello-motd-2',");
    expect(course).toContain("hints: [{ fr: '`chmod 644 /etc/motd`', en: '`chmod 644 /etc/motd`' }]");
    expect(course).toContain('shellInit: `export EDITOR=nano\ncd /etc`');
    expect(file(r, 'lessons/hello-motd.en.md')).not.toContain('Solution');
    expect(r.report.join('\n')).toContain('placeholder {{TRAFFIC_HOST1_80}}');
  });

  it('every idiom of the idioms fixture compiles, only the unknown one falls back', async () => {
    const r = await run('idioms');
    const course = file(r, 'course.ts');
    expect(course.match(/check\.command\(/g)).toHaveLength(1);
    expect(course).toContain("check.answer('/root/answer.txt', ['b', 'B'])");
    expect(r.files.map((f) => f.path)).toContain('verify/something-else.sh');
    expect(r.report.filter((l) => l.startsWith('[check]') && l.includes('check.command'))).toHaveLength(1);
  });

  it('background installs leave setup.sh for the report; foregrounds become shellInit', async () => {
    const r = await run('packages');
    const setup = file(r, 'setup.sh');
    expect(setup).not.toMatch(/^[^#]*apt-get install/m);
    expect(setup).not.toMatch(/^pip install/m);
    expect(setup).toContain('mkdir -p /srv/tools && touch /tmp/finished');
    expect(setup).toContain('\necho ready > /srv/tools/state\n');
    const report = r.report.join('\n');
    expect(report).toContain('install tree, jq, nginx');
    expect(report).toContain('Missing from base: jq, nginx.');
    expect(report).toContain('apt install htop');
    expect(report).toContain('pip install requests');
    expect(report).toContain('French');
    const course = file(r, 'course.ts');
    expect(course).toContain('shellInit: `echo "Waiting for the setup..."');
    expect(course.match(/shellInit/g)).toHaveLength(1); // the step's comments-only foreground is dropped
  });

  it('reports unknown fields, one line each, without failing', async () => {
    const r = await run('unknown-field');
    expect(r.report).toContain('[warn] index.json: unknown field "interface" ignored');
    expect(r.report).toContain('[warn] index.json: unknown field "details.steps[0].code" ignored');
  });
});

describe('bad input', () => {
  const fails = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  };

  it('names the file at fault', async () => {
    expect((await fails(run('broken-no-index'))).file).toMatch(/broken-no-index\/index\.json$/);
    expect((await fails(run('broken-missing-step'))).file).toMatch(/broken-missing-step\/step2\.md$/);
    const v = await fails(run('broken-missing-verify'));
    expect(v.file).toMatch(/verify1\.sh$/);
    expect(v.message).toContain('details.steps[0].verify');
    const bad = path.join(tmp, 'bad-json');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'index.json'), '{ "title": ');
    expect((await fails(importKillercoda(bad, opts))).message).toMatch(/^invalid JSON/);
    expect((await fails(run('notes-a', { image: 'nope' }))).message).toContain('unknown environment "nope"');
    expect((await fails(run('notes-a', { id: 'Bad Id' }))).file).toBe('--id');
  });

  it('writes all or nothing, and never over an existing folder', async () => {
    const r = await run('notes-a');
    const out = path.join(tmp, 'courses', 'notes-a');
    writeCourseFolder(out, r.files);
    expect(readFileSync(path.join(out, 'course.ts'), 'utf8')).toBe(file(r, 'course.ts'));
    expect(() => writeCourseFolder(out, r.files)).toThrow(/already exists/);
    const other = path.join(tmp, 'courses', 'half');
    expect(() => writeCourseFolder(other, [...r.files, { path: '../escape.txt', content: 'x' }])).toThrow(
      ImportError,
    );
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(path.join(tmp, 'courses'))).toEqual(['notes-a']);
  });

  it('makes kebab-case ids', () => {
    expect(kebab('Créer un compte — étape 1!')).toBe('creer-un-compte-etape-1');
    expect(kebab('a'.repeat(30) + ' ' + 'b'.repeat(30)).length).toBeLessThanOrEqual(48);
  });
});
