import {
  buildPlanned,
  isCurrent,
  planImages,
  type BuildOptions,
  type Log,
  type PlannedImage,
} from './docker-images.js';
import { buildOrder } from './image-order.js';
import type { ImageStatus, ImageStatusSource, StagedBuild } from './sandbox-runtime.js';

type Tracked =
  | { state: 'ready' }
  | { state: 'queued' }
  | { state: 'building'; step: number; steps: number; startedAt: number }
  | { state: 'failed'; reason: string };

/**
 * The staged start: every image is hashed first (cheap), so images already current are `ready` at once;
 * the stale ones of the first courses are built before the server listens, the others afterwards, one at
 * a time (a build already takes the host's CPU). A failure is kept until the next start: no retry loop.
 */
export class ImageBuilds implements ImageStatusSource {
  private readonly states = new Map<string, Tracked>();
  /** Stale images not started yet, in build order: a `queued` one's position. */
  private queue: string[] = [];
  private planned = 0;

  constructor(
    private readonly opts: Omit<BuildOptions, 'log'>,
    /** The engine's side; unit tests pass fakes. */
    private readonly engine = { plan: planImages, build: buildPlanned },
  ) {}

  status(env: string): ImageStatus {
    const s = this.states.get(env);
    if (!s || s.state === 'ready') return { state: 'ready' };
    if (s.state === 'queued') return { state: 'queued', position: this.queue.indexOf(env) + 1 };
    if (s.state === 'failed') return s;
    const elapsedSeconds = Math.floor((Date.now() - s.startedAt) / 1000);
    return { state: 'building', step: s.step, steps: s.steps, elapsedSeconds };
  }

  /** Images ready of those planned at the last stage (0/0 before any). */
  counts(): { ready: number; total: number } {
    const notReady = [...this.states.values()].filter((s) => s.state !== 'ready').length;
    return { ready: this.planned - notReady, total: this.planned };
  }

  async stage(plan: { first: string[]; order: string[] }, log: Log): Promise<StagedBuild> {
    const planned = await this.engine.plan(this.opts);
    this.planned = planned.length;
    const byImage = new Map(planned.map((p) => [p.env.image, p]));
    for (const p of planned) if (isCurrent(p)) log(`${p.env.image} is up to date (${p.hash.slice(0, 12)})`);
    // The terminal holder (planned first) and the first courses' envs, with their parents.
    const now = new Set<PlannedImage>();
    const need = (p: PlannedImage | undefined): void => {
      if (!p || now.has(p)) return;
      now.add(p);
      need(byImage.get(p.env.from));
    };
    need(planned[0]);
    for (const name of plan.first) need(planned.find((p) => p.env.name === name));
    const stale = planned.filter((p) => !isCurrent(p));
    const first = stale.filter((p) => now.has(p));
    const items = stale
      .filter((p) => !now.has(p))
      .map((p) => ({ name: p.env.name, parent: byImage.get(p.env.from)?.env.name, p }));
    const later = buildOrder(items, plan.order).map((i) => i.p);
    for (const p of stale) this.states.set(p.env.name, { state: 'queued' });
    this.queue = [...first, ...later].map((p) => p.env.name);
    if (later.length)
      log(`after listening: ${later.map((p) => p.env.image).join(', ')} (one at a time, in course order)`);
    await this.run(first, byImage, log);
    let rest: Promise<void> | undefined;
    const done = () => later.length > 0 && log(`the ${later.length} images built after listening are done`);
    return { rest: () => (rest ??= this.run(later, byImage, log).then(() => void done())) };
  }

  private async run(list: PlannedImage[], byImage: Map<string, PlannedImage>, log: Log): Promise<void> {
    for (const p of list) {
      const { name, image } = p.env;
      this.queue = this.queue.filter((q) => q !== name);
      const parent = byImage.get(p.env.from);
      const parentState = parent && this.states.get(parent.env.name);
      if (parentState?.state === 'failed') {
        this.fail(name, `needs ${parent!.env.image}, which failed to build`, log);
        continue;
      }
      const building = { state: 'building' as const, step: 0, steps: 0, startedAt: Date.now() };
      this.states.set(name, building);
      const onStep = (step: number, steps: number) => Object.assign(building, { step, steps });
      try {
        await this.engine.build({ ...this.opts, log }, p, onStep);
        this.states.set(name, { state: 'ready' });
      } catch (err) {
        log(`${image}: ${(err as Error).message}`);
        this.fail(name, (err as Error).message.split('\n')[0] ?? 'build failed', log);
      }
    }
  }

  private fail(name: string, reason: string, log: Log): void {
    this.states.set(name, { state: 'failed', reason });
    log(`image for ${name} not available until the next start (${reason})`);
  }
}
