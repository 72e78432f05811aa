import { describe, expect, it, vi } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { LabService, type LabNotifier } from '../../../server/labs/lab-service.js';
import { StartQueue } from '../../../server/labs/start-queue.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

function setup(setupLab: () => Promise<void> = async () => undefined) {
  const db = openDatabase(':memory:');
  const alice = new UsersRepo(db).create('alice', 'x')!;
  const registry = {
    environmentOf: (id: string) => (id === 'c1' ? 'base' : undefined),
    machinesOf: (id: string) => (id === 'c1' ? [{ name: 'lab', image: 'base' }] : undefined),
    has: () => true,
    exerciseIds: () => ['e1'],
    runChecks: vi.fn(),
    setupLab: vi.fn(setupLab),
  } as unknown as CourseRegistry;
  const notifier: LabNotifier = {
    status: vi.fn(),
    checkResult: vi.fn(),
    labClosing: vi.fn(async () => undefined),
  };
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs: 0,
    labs: new LabsRepo(db),
    progress: new ProgressRepo(db),
    runtime: new FakeRuntime(),
    registry,
    imagePrefix: 'atelier',
    notifier,
  });
  const statuses = () => vi.mocked(notifier.status).mock.calls.map(([, p]) => p);
  return { alice, service, statuses };
}

describe('lab start phases', () => {
  it('announces creating, then preparing the course, then running', async () => {
    const { alice, service, statuses } = setup();
    const lab = await service.start(alice.id, 'c1');
    expect(statuses()).toEqual([
      { labId: lab.id, state: 'starting', phase: 'creating' },
      { labId: lab.id, state: 'starting', phase: 'preparing' },
      { labId: lab.id, state: 'running' },
    ]);
  });

  it('says setup-failed (not an internal error) when the course setup fails', async () => {
    const { alice, service, statuses } = setup(async () => {
      throw new Error('setup of course c1 failed on machine lab (exit 3): boom');
    });
    await expect(service.start(alice.id, 'c1')).rejects.toMatchObject({
      name: 'AppError',
      reason: 'setup-failed',
      params: { course: 'c1' },
    });
    expect(statuses().at(-1)).toMatchObject({ state: 'error', reason: 'setup-failed' });
  });

  it('says reset before a reset closes the old machine', async () => {
    const { alice, service, statuses } = setup();
    const lab = await service.start(alice.id, 'c1');
    await service.reset(alice.id, lab.id);
    const after = statuses().slice(3);
    expect(after[0]).toEqual({ labId: lab.id, state: 'starting', reason: 'reset' });
    expect(after.at(-1)).toEqual({ labId: lab.id, state: 'running' });
  });

  it('says host-busy when the start queue never had room', async () => {
    const { alice, service } = setup();
    // A queue whose one slot stays taken and whose wait is over at once.
    const queue = new StartQueue(1, 1);
    void queue.run(() => new Promise(() => undefined));
    Object.assign(service.lifecycle, { queue });
    await expect(service.start(alice.id, 'c1')).rejects.toMatchObject({ reason: 'host-busy' });
  });
});
