// Course schema and lab setup for the optional extras: shellInit (course and exercises), imported, and the
// names the introduction and finish pages take.
import { describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/checks/index.js';
import {
  courseSchema,
  MAX_SHELL_INIT,
  type CourseDefinition,
} from '../../../server/courses/define-course.js';
import { fieldOf } from '../../../server/courses/course-loader.js';
import { createRegistry } from '../../../server/courses/registry-impl.js';
import type { LoadedCourse } from '../../../server/courses/course-loader.js';
import { SHELL_INIT_FILE, shellInitOf, shellInitScriptOf } from '../../../server/courses/lab-setup.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const base = (extra: Record<string, unknown> = {}, exercise: Record<string, unknown> = {}) => ({
  id: 'cours',
  title: { fr: 'Cours', en: 'Course' },
  description: { fr: 'D', en: 'D' },
  image: 'base',
  exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks: [check.file('/root/x')], ...exercise }],
  ...extra,
});
const fields = (input: unknown) => {
  const r = courseSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${fieldOf(i.path)}: ${i.message}`);
};

describe('course schema: shellInit, imported, page names', () => {
  it('accepts shellInit on the course and on exercises, and an imported course', () => {
    expect(fields(base({ shellInit: "PROMPT_COMMAND='history -a'" }, { shellInit: 'cd /root\n' }))).toEqual(
      [],
    );
    expect(fields(base({ imported: { from: 'killercoda' } }))).toEqual([]);
    expect(
      fields(base({ imported: { from: 'killercoda', untranslated: true, scenario: 'killercoda/x/cron' } })),
    ).toEqual([]);
    expect(fields(base({ shellInit: 'x'.repeat(MAX_SHELL_INIT) }))).toEqual([]);
  });

  it('refuses a shellInit too long, not a string or with a NUL; a bad imported', () => {
    expect(fields(base({ shellInit: 'x'.repeat(MAX_SHELL_INIT + 1) }))).toEqual([
      `shellInit: shellInit is at most ${MAX_SHELL_INIT} bytes`,
    ]);
    // Bytes, not characters: 4 097 two-byte characters are too many.
    expect(fields(base({ shellInit: 'é'.repeat(MAX_SHELL_INIT / 2 + 1) }))).toHaveLength(1);
    expect(fields(base({}, { shellInit: ['ls'] }))[0]).toMatch(/^exercises\[0\]\.shellInit: /);
    expect(fields(base({}, { shellInit: 'a\0b' }))).toEqual([
      'exercises[0].shellInit: shellInit cannot contain a NUL byte',
    ]);
    expect(fields(base({ imported: { from: 'katacoda' } }))[0]).toMatch(/^imported\.from: /);
    expect(fields(base({ imported: { from: 'killercoda', untranslated: 'yes' } }))[0]).toMatch(
      /^imported\.untranslated: /,
    );
    expect(fields(base({ imported: { from: 'killercoda', lang: 'en' } }))[0]).toMatch(/^imported: /);
    expect(fields(base({ imported: true }))[0]).toMatch(/^imported: /);
  });

  it('keeps intro and finish for the pages: no exercise takes those ids', () => {
    expect(fields(base({}, { id: 'intro' }))).toEqual([
      "exercises[0].id: intro and finish name the course's introduction and finish pages, not an exercise",
    ]);
    expect(fields(base({}, { id: 'finish' }))).toHaveLength(1);
    expect(fields(base({}, { id: 'introduction' }))).toEqual([]);
  });
});

describe('shell init at lab setup', () => {
  const def = (extra: Partial<CourseDefinition> = {}): CourseDefinition => ({
    ...(base() as unknown as CourseDefinition),
    exercises: [
      { id: 'un', title: { fr: 'Un', en: 'One' }, checks: [], shellInit: 'export ETAPE=un' },
      { id: 'deux', title: { fr: 'Deux', en: 'Two' }, checks: [] },
      { id: 'trois', title: { fr: 'Trois', en: 'Three' }, checks: [], shellInit: 'alias ll="ls -l"\n' },
    ],
    ...extra,
  });

  it('writes the course init first, then each exercise’s in order, each under a comment naming it', () => {
    const text = shellInitOf(def({ shellInit: "PROMPT_COMMAND='history -a'" }))!;
    expect(text).toMatch(/^# Written by Atelier/);
    expect(text).toContain('[ -n "${BASH_VERSION-}" ] || return 0\n');
    const course = text.indexOf("# --- course cours\nPROMPT_COMMAND='history -a'\n");
    const un = text.indexOf('# --- exercise un\nexport ETAPE=un\n');
    const trois = text.indexOf('# --- exercise trois\nalias ll="ls -l"\n');
    expect(course).toBeGreaterThan(0);
    expect(un).toBeGreaterThan(course);
    expect(trois).toBeGreaterThan(un);
    expect(text).not.toContain('exercise deux');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes nothing for a course without any', () => {
    const none = def({ exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks: [] }] });
    expect(shellInitOf(none)).toBeUndefined();
    expect(shellInitScriptOf(none)).toBeUndefined();
    expect(shellInitOf({ ...none, shellInit: '  \n' })).toBeUndefined();
  });

  it('the setup writes the file root-owned, mode 644, on every machine, after the course setups', async () => {
    const script = shellInitScriptOf(def())!;
    expect(script).toContain(`> '${SHELL_INIT_FILE}'`);
    expect(script).toContain(`chmod 644 -- '${SHELL_INIT_FILE}'`);
    expect(script).toContain(`chown root:root -- '${SHELL_INIT_FILE}'`);

    const two = def({
      image: undefined,
      machines: [
        { name: 'web', image: 'base' },
        { name: 'app', image: 'base' },
      ],
      setup: { files: [{ path: '/root/a', content: 'a' }] },
    });
    const loaded: LoadedCourse = {
      def: two,
      dir: '/nowhere',
      lessonHtml: {},
      hintsHtml: {},
      solutions: {},
      setupScripts: {},
      pageHtml: {},
    };
    const registry = createRegistry(new Map([['cours', loaded]]), [], () => undefined);
    const runtime = new FakeRuntime();
    const calls: { machine?: string; stdin?: string }[] = [];
    runtime.exec = async (_labId, _cmd, opts) => {
      calls.push({ machine: opts?.machine, stdin: opts?.stdin });
      return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false };
    };
    await registry.setupLab(runtime, 'lab-1', 'cours');
    expect(calls.map((c) => c.machine)).toEqual(['web', 'web', 'app']);
    expect(calls[0]?.stdin).toContain("'/root/a'");
    expect(calls.slice(1).every((c) => c.stdin === script)).toBe(true);
  });
});
