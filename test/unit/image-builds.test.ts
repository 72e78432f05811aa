// The staged image builder's order and status reports, over a fake engine (no Docker).
import { describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { ImageBuilds } from '../../server/sandbox/docker-image-builds.js';
import type { PlannedImage } from '../../server/sandbox/docker-images.js';
import { buildOrder } from '../../server/sandbox/image-order.js';

/** `name` FROM `from` (an env name, or the OS image); `current`: the engine has it up to date. */
function planned(name: string, from: string, current = false): PlannedImage {
  const env = { name, image: `p/${name}`, dir: `/x/${name}`, from: from.includes(':') ? from : `p/${from}` };
  return { env, files: [], hash: `h-${name}`, current: current ? { id: name, hash: `h-${name}` } : null };
}

/** A fake engine whose builds wait until the test lets them finish (or fail). */
function fakeEngine(images: PlannedImage[]) {
  const order: string[] = [];
  const pending = new Map<
    string,
    { ok: () => void; fail: (e: Error) => void; step: (n: number, m: number) => void }
  >();
  const engine = {
    plan: async () => images,
    build: (_o: unknown, p: PlannedImage, onStep?: (n: number, m: number) => void) =>
      new Promise<void>((ok, fail) => {
        order.push(p.env.name);
        pending.set(p.env.name, { ok, fail, step: (n, m) => onStep?.(n, m) });
      }),
  };
  const until = async (name: string) => {
    for (let i = 0; i < 100 && !pending.has(name); i++) await new Promise((r) => setTimeout(r, 1));
    return pending.get(name)!;
  };
  return { engine, order, until };
}

const opts = { docker: {} as Dockerode, exercisesDir: '/x', prefix: 'p' };
const noLog = () => undefined;

describe('buildOrder', () => {
  it('follows the priority, puts each parent first, and keeps the others after in their order', () => {
    const items = [
      { name: 'base' },
      { name: 'reseau', parent: 'base' },
      { name: 'heavy', parent: 'reseau' },
      { name: 'services', parent: 'base' },
      { name: 'orphan' },
    ];
    const names = (l: { name: string }[]) => l.map((i) => i.name);
    expect(names(buildOrder(items, ['heavy', 'services']))).toEqual([
      'base',
      'reseau',
      'heavy',
      'services',
      'orphan',
    ]);
    expect(names(buildOrder(items, ['services']))).toEqual(['base', 'services', 'reseau', 'heavy', 'orphan']);
    // A parent already built (not among the items) is simply skipped.
    expect(names(buildOrder(items.slice(2), ['heavy']))).toEqual(['heavy', 'services', 'orphan']);
  });
});

describe('ImageBuilds', () => {
  it('builds the holder and the first envs before resolving, the rest after, one at a time, reporting progress', async () => {
    const images = [
      planned('term', 'p/os:bookworm'),
      planned('base', 'p/os:bookworm', true),
      planned('reseau', 'base'),
      planned('heavy', 'reseau'),
      planned('other', 'base'),
    ];
    const { engine, order, until } = fakeEngine(images);
    const builds = new ImageBuilds(opts, engine);
    const staging = builds.stage({ first: ['base'], order: ['base', 'heavy', 'other'] }, noLog);
    (await until('term')).ok();
    const staged = await staging;
    expect(order).toEqual(['term']);
    expect(builds.status('base')).toEqual({ state: 'ready' });
    expect(builds.status('reseau')).toEqual({ state: 'queued', position: 1 });
    expect(builds.status('heavy')).toEqual({ state: 'queued', position: 2 });
    expect(builds.status('other')).toEqual({ state: 'queued', position: 3 });

    const rest = staged.rest();
    expect(staged.rest()).toBe(rest); // called twice, built once
    const reseau = await until('reseau');
    reseau.step(4, 9);
    expect(builds.status('reseau')).toMatchObject({ state: 'building', step: 4, steps: 9 });
    expect(builds.status('heavy')).toEqual({ state: 'queued', position: 1 });
    expect(order).toEqual(['term', 'reseau']); // one at a time
    reseau.ok();
    (await until('heavy')).ok();
    (await until('other')).ok();
    await rest;
    expect(order).toEqual(['term', 'reseau', 'heavy', 'other']);
    for (const env of ['reseau', 'heavy', 'other']) expect(builds.status(env)).toEqual({ state: 'ready' });
  });

  it('reports a failed build with its reason, fails its children without building them, and goes on', async () => {
    const images = [
      planned('term', 'p/os:bookworm', true),
      planned('reseau', 'p/os:bookworm'),
      planned('heavy', 'reseau'),
      planned('other', 'p/os:bookworm'),
    ];
    const { engine, order, until } = fakeEngine(images);
    const lines: string[] = [];
    const builds = new ImageBuilds(opts, engine);
    const rest = (await builds.stage({ first: [], order: [] }, (l) => lines.push(l))).rest();
    (await until('reseau')).fail(
      new Error('building p/reseau failed at "Step 3/5 : RUN false": exit 1\n  | tail'),
    );
    (await until('other')).ok();
    await rest;
    expect(order).toEqual(['reseau', 'other']);
    expect(builds.status('reseau')).toEqual({
      state: 'failed',
      reason: 'building p/reseau failed at "Step 3/5 : RUN false": exit 1',
    });
    expect(builds.status('heavy')).toEqual({
      state: 'failed',
      reason: 'needs p/reseau, which failed to build',
    });
    expect(builds.status('other')).toEqual({ state: 'ready' });
    expect(lines.some((l) => l.includes('until the next start'))).toBe(true);
  });

  it('says ready for an env it does not know (nothing staged: ATELIER_BUILD_IMAGES=never)', () => {
    expect(new ImageBuilds(opts).status('base')).toEqual({ state: 'ready' });
  });
});
