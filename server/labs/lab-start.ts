import { AppError } from '../errors/app-error.js';
import type { CourseRegistry } from '../courses/course-registry.js';
import type { MachineSpec, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord } from '../store/labs-repo.js';
import type { LabLifecycle } from './lab-lifecycle.js';
import type { LabStatus } from './lab-types.js';

/**
 * Gets a container running for a lab row (called under the lab's lock). A new lab (`fresh`) must find
 * disk room on the host, then takes a warm-pool container if one is ready (a claim, with the setup
 * already applied and a shell open), so it skips the queue. Otherwise it waits its turn in the start
 * queue (the learner hears their place), then creates or restarts the container and, when new,
 * applies the course setup.
 */
export async function startLabContainer(
  d: {
    runtime: SandboxRuntime;
    registry: CourseRegistry;
    lifecycle: LabLifecycle;
    machinesOf: (courseId: string) => MachineSpec[] | undefined;
  },
  rec: LabRecord,
  fresh: boolean,
  notify: (p: Omit<LabStatus, 'labId'>) => void,
): Promise<'pool' | 'started'> {
  const { disk, pool, queue } = d.lifecycle;
  if (fresh) await disk.assertRoom();
  if (fresh && (await pool.claim(rec.courseId, rec.id))) return 'pool';
  const start = async () => {
    notify({ state: 'starting' });
    const { id: labId, userId, courseId, image } = rec;
    await d.runtime.ensureLab({ labId, userId, courseId, image, machines: d.machinesOf(courseId) });
    if (fresh) await d.registry.setupLab(d.runtime, labId, courseId);
  };
  await queue.run(start, { onPosition: (position) => notify({ state: 'queued', position }) });
  return 'started';
}

/** The machines a course's lab is made of, with their image names (undefined for an unknown course). */
export function labMachines(
  registry: Pick<CourseRegistry, 'machinesOf'>,
  imagePrefix: string,
  courseId: string,
): MachineSpec[] | undefined {
  // Capabilities ride along to the profile (per machine; warm-pool containers of the course get them too).
  return registry.machinesOf(courseId)?.map((m) => ({
    name: m.name,
    image: `${imagePrefix}/${m.image}`,
    ...(m.capabilities?.length ? { capabilities: m.capabilities } : {}),
  }));
}

/** The machine a request names, checked against the lab's machines; undefined: the first one. */
export function machineNamed(names: readonly string[], machine: string | undefined): string {
  const name = machine ?? names[0] ?? 'lab';
  if (!names.includes(name))
    throw new AppError('unknown-machine', `Ce lab n’a pas de machine « ${name} ».`, { machine: name });
  return name;
}
