// Courses with several machines: what the schema accepts, what it refuses with a message naming the field.
import { describe, expect, it } from 'vitest';
import {
  courseSchema,
  machinesOf,
  setupsOf,
  type CourseDefinition,
} from '../../../server/courses/define-course.js';
import { check } from '../../../server/courses/authoring.js';
import { solutionSegments } from '../../../server/courses/solution-segments.js';

const base = {
  id: 'proxy',
  title: { fr: 'Proxy', en: 'Proxy' },
  description: { fr: 'd', en: 'd' },
  exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks: [check.port(80, { machine: 'web' })] }],
};
const issues = (course: object) => {
  const r = courseSchema.safeParse(course);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('course machines', () => {
  it('accepts machines, a preview, setups per machine and checks that name a machine', () => {
    const course = {
      ...base,
      machines: [
        { name: 'web', image: 'services' },
        { name: 'app', image: 'base' },
      ],
      preview: [{ machine: 'web', port: 80, title: { fr: 'Le site', en: 'The site' } }],
      setup: [{ machine: 'app', script: 'setup-app.sh' }, { files: [{ path: '/etc/motd', content: 'hi' }] }],
    };
    expect(issues(course)).toEqual([]);
    const def = courseSchema.parse(course) as CourseDefinition;
    expect(machinesOf(def).map((m) => m.name)).toEqual(['web', 'app']);
    expect(setupsOf(def).map((s) => s.machine)).toEqual(['app', 'web']);
  });

  it('refuses a machine named inside a check (a CA, an address) that the course does not have', () => {
    const checks = [
      check.tls('https://web/', { machine: 'app', ca: { machine: 'acme', path: '/ca.pem' } }),
      check.dns({ addressOf: 'wbe' }, { machine: 'app', expect: 'web.' }),
      check.dns('web', { machine: 'app', expect: { addressOf: 'dbb' } }),
    ];
    const course = {
      ...base,
      machines: [
        { name: 'web', image: 'services' },
        { name: 'app', image: 'base' },
      ],
      exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks }],
    };
    expect(issues(course)).toEqual([
      'exercises.0.checks.0.ca.machine: unknown machine "acme" (this course has: web, app)',
      'exercises.0.checks.1.name.addressOf: unknown machine "wbe" (this course has: web, app)',
      'exercises.0.checks.2.expect.addressOf: unknown machine "dbb" (this course has: web, app)',
    ]);
  });

  it('keeps one-image courses as they were: one machine named lab', () => {
    const def = courseSchema.parse({
      ...base,
      image: 'base',
      exercises: [{ ...base.exercises[0], checks: [check.port(80)] }],
    });
    expect(machinesOf(def as CourseDefinition)).toEqual([{ name: 'lab', image: 'base' }]);
  });

  it('refuses unknown machines, duplicates, both image and machines, and too many machines', () => {
    expect(issues({ ...base, image: 'base' })).toEqual([
      'exercises.0.checks.0.machine: unknown machine "web" (this course has: lab)',
    ]);
    expect(issues({ ...base, image: 'base', machines: [{ name: 'web', image: 'base' }] })).toContain(
      'machines: a course names either its image (one machine) or its machines, not both',
    );
    const dup = issues({
      ...base,
      machines: [
        { name: 'web', image: 'b' },
        { name: 'web', image: 'b' },
      ],
    });
    expect(dup).toContain('machines.1.name: duplicate machine "web"');
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `m${i}`, image: 'b' }));
    expect(issues({ ...base, machines: many }).join()).toMatch(/at most 5 machines/);
    const badPreview = issues({
      ...base,
      machines: [{ name: 'web', image: 'b' }],
      preview: [{ machine: 'db', port: 80, title: { fr: 'x', en: 'x' } }],
    });
    expect(badPreview).toEqual(['preview.0.machine: unknown machine "db" (this course has: web)']);
    expect(issues({ ...base, machines: [{ name: 'Web', image: 'b' }] }).join()).toMatch(/machine name/);
  });
});

describe('solutionSegments', () => {
  it('cuts a solution at #@machine lines, the first part on the default machine', () => {
    const s = 'echo a\n#@machine db\necho b\n#@machine web\n\n#@machine db\necho c\n';
    expect(solutionSegments(s, 'web')).toEqual([
      { machine: 'web', script: 'echo a\n' },
      { machine: 'db', script: 'echo b\n' },
      { machine: 'db', script: 'echo c\n\n' },
    ]);
  });
});
