// The staged start of lab images: which ones are built before listening, in which order the others
// follow, and what a course, the lab service and the API say meanwhile (fakes: no Docker).
import { describe, expect, it, vi } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { AppError } from '../../../server/errors/app-error.js';
import { statusOf } from '../../../server/http/http-error.js';
import {
  courseImages,
  courseImageStatus,
  imageNotReady,
  imagePlan,
  type CourseImages,
} from '../../../server/labs/lab-images.js';
import { NO_LIFECYCLE } from '../../../server/labs/lab-lifecycle.js';
import { LabService } from '../../../server/labs/lab-service.js';
import type { ImageStatus } from '../../../server/sandbox/sandbox-runtime.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const course = (id: string, order: number, ...envs: string[]) => ({ id, order, envs });

describe('imagePlan (the rule)', () => {
  const courses = [
    course('capstone', 150, 'hebergement'),
    course('premiers-pas', 10, 'base'),
    course('nginx', 40, 'services'),
    course('ssh', 60, 'reseau'),
    course('https', 110, 'hebergement', 'reseau'),
    course('sans-ordre', 1000, 'autre'),
  ];

  it('builds first every image of the courses with order below the threshold', () => {
    expect(imagePlan(courses, 100).first).toEqual(['base', 'services', 'reseau']);
    expect(imagePlan(courses, 50).first).toEqual(['base', 'services']);
    expect(imagePlan(courses, 0).first).toEqual([]);
    // Above every order (10001): every image before listening, as before.
    expect(imagePlan(courses, 10_001).first).toEqual(['base', 'services', 'reseau', 'hebergement', 'autre']);
  });

  it('orders the others by the first course that needs them (catalogue order)', () => {
    expect(imagePlan(courses, 100).order).toEqual(['base', 'services', 'reseau', 'hebergement', 'autre']);
  });

  it('breaks order ties by course id, as the catalogue does', () => {
    const tie = [course('b', 100, 'two'), course('a', 100, 'one')];
    expect(imagePlan(tie, 0).order).toEqual(['one', 'two']);
  });
});

describe('courseImageStatus', () => {
  const states: Record<string, ImageStatus> = {
    base: { state: 'ready' },
    reseau: { state: 'building', step: 4, steps: 9, elapsedSeconds: 80 },
    heavy: { state: 'queued', position: 2 },
    broken: { state: 'failed', reason: 'building x failed at "Step 3/5"' },
  };
  const source = { status: (env: string) => states[env] ?? { state: 'ready' as const } };

  it('is the least ready of its machines: failed, building, queued, then ready', () => {
    expect(courseImageStatus(['base'], source)).toEqual({ state: 'ready' });
    expect(courseImageStatus(['base', 'heavy'], source)).toEqual(states.heavy);
    expect(courseImageStatus(['heavy', 'reseau'], source)).toEqual(states.reseau);
    expect(courseImageStatus(['reseau', 'broken'], source)).toEqual(states.broken);
  });

  it('is ready without a source (ATELIER_BUILD_IMAGES=never) or without machines', () => {
    expect(courseImageStatus(['heavy'])).toEqual({ state: 'ready' });
    expect(courseImageStatus([], source)).toEqual({ state: 'ready' });
  });

  it('reads the course machines from the registry', () => {
    const registry = {
      machinesOf: () => [
        { name: 'web', image: 'base' },
        { name: 'db', image: 'heavy' },
      ],
    };
    expect(courseImages(registry as unknown as CourseRegistry, source).status('c')).toEqual(states.heavy);
  });
});

describe('imageNotReady (the 503)', () => {
  it('says image-building with the progress, image-failed with the reason, nothing when ready', () => {
    expect(imageNotReady({ state: 'ready' })).toBeUndefined();
    const building = imageNotReady({ state: 'building', step: 4, steps: 9, elapsedSeconds: 80 })!;
    expect(building.reason).toBe('image-building');
    expect(building.params).toEqual({ state: 'building', step: 4, steps: 9, elapsed: 80 });
    expect(imageNotReady({ state: 'queued', position: 2 })!.params).toEqual({ state: 'queued', position: 2 });
    const failed = imageNotReady({ state: 'failed', reason: 'boom' })!;
    expect([failed.reason, failed.params?.detail]).toEqual(['image-failed', 'boom']);
    expect([statusOf('image-building'), statusOf('image-failed')]).toEqual([503, 503]);
  });
});

describe('LabService with an image being built', () => {
  function setup(state: { current: ImageStatus }, poolSize = 0) {
    const db = openDatabase(':memory:');
    const alice = new UsersRepo(db).create('alice', 'x')!;
    const runtime = new FakeRuntime();
    const registry = {
      environmentOf: () => 'heavy',
      machinesOf: () => [{ name: 'lab', image: 'heavy' }],
      list: () => [{ id: 'c1', order: 10 }],
      setupLab: vi.fn(async () => undefined),
    } as unknown as CourseRegistry;
    const images: CourseImages = { status: () => state.current };
    const labs = new LabsRepo(db);
    const notifier = { status: vi.fn(), checkResult: vi.fn(), labClosing: vi.fn(async () => undefined) };
    const service = new LabService({
      ...{ defaultLang: 'fr', autoCheckQuietMs: 0, labs, progress: new ProgressRepo(db), runtime },
      ...{ registry, imagePrefix: 'atelier', notifier, images },
      lifecycle: { ...NO_LIFECYCLE, poolSize },
    });
    return { service, alice, runtime, labs };
  }

  it('refuses a new lab with image-building, leaves no row, then starts once ready', async () => {
    const state: { current: ImageStatus } = {
      current: { state: 'building', step: 4, steps: 9, elapsedSeconds: 80 },
    };
    const { service, alice, runtime, labs } = setup(state);
    const err = await service.start(alice.id, 'c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).reason).toBe('image-building');
    expect(labs.listByUser(alice.id)).toEqual([]);
    expect(runtime.labs.size).toBe(0);
    state.current = { state: 'ready' };
    expect((await service.start(alice.id, 'c1')).state).toBe('running');
  });

  it('keeps a running lab reachable while its image is rebuilt, but refuses its reset', async () => {
    const state: { current: ImageStatus } = { current: { state: 'ready' } };
    const { service, alice, runtime } = setup(state);
    const lab = await service.start(alice.id, 'c1');
    state.current = { state: 'queued', position: 1 };
    expect((await service.start(alice.id, 'c1')).id).toBe(lab.id);
    await expect(service.reset(alice.id, lab.id)).rejects.toMatchObject({ reason: 'image-building' });
    expect(runtime.labs.size).toBe(1);
  });

  it('gives the warm pool no target for a course whose image is not ready, then fills it', async () => {
    const state: { current: ImageStatus } = { current: { state: 'failed', reason: 'boom' } };
    const { service, runtime } = setup(state, 1);
    service.lifecycle.pool.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(runtime.labs.size).toBe(0);
    expect(service.lifecycle.pool.stats()).toEqual([]);
    state.current = { state: 'ready' };
    service.lifecycle.pool.fill();
    await vi.waitFor(() => expect(service.lifecycle.pool.stats()[0]?.ready).toBe(1));
    await service.lifecycle.drain();
  });
});
