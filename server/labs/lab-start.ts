import { AppError } from '../errors/app-error.js';
import type { CourseRegistry } from '../courses/course-registry.js';
import { SandboxError, type MachineSpec, type SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord } from '../store/labs-repo.js';
import type { LabLifecycle } from './lab-lifecycle.js';
import type { LabStatus } from './lab-types.js';

interface StartDeps {
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  lifecycle: LabLifecycle;
  machinesOf: (courseId: string) => MachineSpec[] | undefined;
}

/**
 * Gets a container running for a lab row (called under the lab's lock). A new lab (`fresh`) must find
 * disk room on the host, then takes a warm-pool container if one is ready (a claim, with the setup
 * already applied and a shell open), so it skips the queue. Otherwise it waits its turn in the start
 * queue (the learner hears their place), then creates or restarts the container and, when new,
 * applies the course setup. Each phase is announced (`starting` with `phase`); a setup that fails comes
 * back as `setup-failed`, a queue that never had room as `host-busy`.
 */
export async function startLabContainer(
  d: StartDeps,
  rec: LabRecord,
  fresh: boolean,
  notify: (p: Omit<LabStatus, 'labId'>) => void,
): Promise<'pool' | 'started'> {
  // Pool refills wait while learners start (and for a moment after): they would compete for the CPU.
  const ended = d.lifecycle.learnerStart();
  try {
    return await startContainer(d, rec, fresh, notify);
  } finally {
    ended();
  }
}

async function startContainer(
  d: StartDeps,
  rec: LabRecord,
  fresh: boolean,
  notify: (p: Omit<LabStatus, 'labId'>) => void,
): Promise<'pool' | 'started'> {
  const { disk, pool, queue } = d.lifecycle;
  if (fresh) await disk.assertRoom();
  if (fresh && (await pool.claim(rec.courseId, rec.id))) return 'pool';
  let admitted = false;
  const start = async () => {
    admitted = true;
    notify({ state: 'starting', phase: 'creating' });
    const { id: labId, userId, courseId, image } = rec;
    await d.runtime.ensureLab({ labId, userId, courseId, image, machines: d.machinesOf(courseId) });
    if (!fresh) return;
    notify({ state: 'starting', phase: 'preparing' });
    await setUp(d.registry, d.runtime, rec);
  };
  try {
    await queue.run(start, { onPosition: (position) => notify({ state: 'queued', position }) });
  } catch (err) {
    if (!admitted && err instanceof SandboxError && err.reason === 'timeout')
      throw new AppError(
        'host-busy',
        'Le serveur est trop occupé pour démarrer votre lab.',
        {},
        { cause: err },
      );
    throw err;
  }
  return 'started';
}

/** The course setup; its failure (a script's exit code, a timeout) is the course's, said as such. */
async function setUp(registry: CourseRegistry, runtime: SandboxRuntime, rec: LabRecord): Promise<void> {
  try {
    await registry.setupLab(runtime, rec.id, rec.courseId);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'setup-failed',
      `La préparation du cours ${rec.courseId} a échoué (lab ${rec.id}).`,
      { course: rec.courseId },
      { cause: err },
    );
  }
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
