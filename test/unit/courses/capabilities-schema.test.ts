// `capabilities` in a course: per machine, or top level for a one-image course; only the profile's
// allow-list, refused at load with a message naming the field and the allowed values.
import { describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/authoring.js';
import { fieldOf } from '../../../server/courses/course-loader.js';
import { courseSchema, machinesOf, type CourseDefinition } from '../../../server/courses/define-course.js';
import { labMachines } from '../../../server/labs/lab-start.js';

const base = {
  id: 'pare-feu',
  title: { fr: 'Pare-feu', en: 'Firewall' },
  description: { fr: 'd', en: 'd' },
  exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks: [check.port(80)] }],
};
const duo = (web: object) => ({
  ...base,
  machines: [
    { name: 'web', image: 'hebergement', ...web },
    { name: 'client', image: 'hebergement' },
  ],
});
/** As the loader reports them: `field: message`. */
const issues = (course: object) => {
  const r = courseSchema.safeParse(course);
  return r.success ? [] : r.error.issues.map((i) => `${fieldOf(i.path)}: ${i.message}`);
};

describe('course capabilities', () => {
  it('accepts NET_ADMIN on one machine and passes it to that machine’s spec only', () => {
    const course = duo({ capabilities: ['NET_ADMIN'] });
    expect(issues(course)).toEqual([]);
    const def = courseSchema.parse(course) as CourseDefinition;
    const specs = labMachines({ machinesOf: () => machinesOf(def) }, 'atelier', 'pare-feu');
    expect(specs).toEqual([
      { name: 'web', image: 'atelier/hebergement', capabilities: ['NET_ADMIN'] },
      { name: 'client', image: 'atelier/hebergement' },
    ]);
  });

  it('accepts top-level capabilities for the only machine of a one-image course', () => {
    const def = courseSchema.parse({ ...base, image: 'hebergement', capabilities: ['NET_ADMIN'] });
    expect(machinesOf(def as CourseDefinition)).toEqual([
      { name: 'lab', image: 'hebergement', capabilities: ['NET_ADMIN'] },
    ]);
    // Without them, the machine is as before (no capabilities key at all).
    const plain = courseSchema.parse({ ...base, image: 'hebergement' });
    expect(machinesOf(plain as CourseDefinition)[0]).not.toHaveProperty('capabilities');
  });

  it('refuses anything outside the allow-list, naming the field and the allowed values', () => {
    expect(issues(duo({ capabilities: ['SYS_ADMIN'] }))).toEqual([
      'machines[0].capabilities[0]: unknown capability "SYS_ADMIN" (a course may ask for: NET_ADMIN)',
    ]);
    expect(issues({ ...base, image: 'hebergement', capabilities: ['NET_ADMIN', 'NET_RAW'] })).toEqual([
      'capabilities[1]: unknown capability "NET_RAW" (a course may ask for: NET_ADMIN)',
    ]);
    for (const cap of ['SYS_MODULE', 'ALL', 'CAP_NET_ADMIN', 'net_admin'])
      expect(issues(duo({ capabilities: [cap] })).join(), cap).toMatch(/unknown capability .*NET_ADMIN\)$/);
    expect(issues(duo({ capabilities: 'NET_ADMIN' })).join()).toMatch(/^machines\[0\]\.capabilities:/);
    expect(issues(duo({ capabilities: ['NET_ADMIN', 'NET_ADMIN'] }))).toEqual([
      'machines[0].capabilities: each capability once',
    ]);
  });

  it('refuses top-level capabilities beside machines: each machine says its own', () => {
    expect(issues({ ...duo({}), capabilities: ['NET_ADMIN'] })).toEqual([
      'capabilities: with machines, each machine lists its own capabilities (machines[i].capabilities)',
    ]);
  });
});
