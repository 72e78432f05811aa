// A class of 60 clicking "start" within one second: each of 60 socket clients POSTs /api/labs at its
// moment, opens a terminal and waits for its prompt. Wall time from the first click to the last prompt,
// per-learner latencies and failures; beside 60 bare create+start through the API at once.
import { instanceContainers, waitFor } from '../test/support/instance-containers.js';
import { startTestServer } from '../test/support/server.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { burstFloor } from './floors.js';
import { fmt, machine, p50p95, sleep, type Row } from './stats.js';

const LEARNERS = Number(process.env.LEARNERS ?? 60);
const SPREAD_MS = 1_000;

export interface Burst {
  /** The server's instance (its containers are gone when burst returns). */
  instance?: string;
  wallMs: number;
  times: number[];
  /** The POST /api/labs share of each time (same order). */
  posts?: number[];
  /** Learners whose lab was a pool claim. */
  hits?: number;
  failures: string[];
}

export interface BurstOptions {
  courseId?: string;
  learners?: number;
  /** More server settings (e.g. another courses directory). */
  env?: Record<string, string>;
}

export async function burst(poolSize: number, opts: BurstOptions = {}): Promise<Burst> {
  const { courseId = 'premiers-pas', learners: count = LEARNERS } = opts;
  const env: Record<string, string> = { ...opts.env, ATELIER_POOL_SIZES: `${courseId}=${poolSize}` };
  if (process.env.ATELIER_START_CONCURRENCY)
    env.ATELIER_START_CONCURRENCY = process.env.ATELIER_START_CONCURRENCY;
  const server = await startTestServer({ env });
  const { lifecycle } = server.app.labs;
  try {
    const filling = performance.now();
    lifecycle.start();
    if (poolSize > 0) {
      await waitFor(
        'pool full',
        () => lifecycle.pool.stats().find((s) => s.courseId === courseId)?.ready === poolSize,
        300_000,
      );
      console.log(`  pool filled to ${poolSize} in ${fmt(performance.now() - filling)} (in the background)`);
    }
    const learners: BenchLearner[] = [];
    for (let i = 0; i < count; i++) learners.push(await benchLearner(server.url, `class${i}`));
    await sleep(2_000); // let the machine settle after the preparations
    const t0 = performance.now();
    const ends: number[] = [];
    const times: number[] = [];
    const posts: number[] = [];
    const failures: string[] = [];
    await Promise.all(
      learners.map(async (l, i) => {
        await sleep((i * SPREAD_MS) / count);
        try {
          const split: { postMs?: number } = {};
          times.push(await startAndOpen(l, courseId, split));
          posts.push(split.postMs!);
          ends.push(performance.now());
        } catch (err) {
          failures.push((err as Error).message);
        }
      }),
    );
    const wallMs = Math.max(...ends) - t0;
    learners.forEach((l) => l.socket.disconnect());
    let hits = 0;
    for (const l of learners) if (l.labId && (await server.runtime.poll(l.labId)).pooled?.claimed) hits++;
    return { instance: server.instance, wallMs, times, posts, hits, failures };
  } finally {
    await server.close();
    if ((await instanceContainers(server.instance)).length) console.error('class-burst left containers!');
  }
}

export async function classBurst(): Promise<Row[]> {
  const concurrency = process.env.ATELIER_START_CONCURRENCY ?? '4 (default)';
  const only = process.env.BURST_ONLY; // 'cold' or 'pool': one scenario (tuning runs)
  const empty: Burst = { wallMs: NaN, times: [], failures: [] };
  const cold = only === 'pool' ? empty : await burst(0);
  const warm = only === 'cold' ? empty : await burst(LEARNERS);
  const floor = await burstFloor(LEARNERS);
  console.log(`class burst: ${LEARNERS} learners within ${SPREAD_MS} ms, ${machine()}`);
  console.log(`  start concurrency ${concurrency}`);
  for (const [name, b] of [
    ['no pool (cold)', cold],
    [`pool pre-scaled to ${LEARNERS}`, warm],
  ] as const) {
    console.log(
      `  ${name}: all prompts after ${fmt(b.wallMs)}; per learner p50/p95 ${p50p95(b.times)}; ` +
        `${b.times.length} prompts, ${b.failures.length} failures`,
    );
    for (const f of b.failures.slice(0, 3)) console.log(`    failure: ${f}`);
  }
  console.log(`  floor: ${LEARNERS} API create+start at once: ${fmt(floor.wallMs)}`);
  const row = (b: Burst) =>
    `last prompt ${fmt(b.wallMs)}; each ${p50p95(b.times)}; ${b.times.length}/${LEARNERS} ok, ${b.failures.length} failed`;
  return [
    {
      bench: `${LEARNERS} learners within 1 s, pool pre-scaled`,
      measured: row(warm),
      floor: `${LEARNERS} bare create+start at once: ${fmt(floor.wallMs)}`,
      target: 'all prompts ≤ 8 s, none fails',
    },
    {
      bench: `${LEARNERS} learners within 1 s, no pool (cold, queue of ${concurrency})`,
      measured: row(cold),
      floor: `same`,
      target: 'all prompts ≤ 8 s, none fails',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await classBurst();
