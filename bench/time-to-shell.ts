// Time-to-shell: POST /api/labs → terminal:open → first prompt byte on the socket, for fresh learners,
// cold (no pool) and as a pool hit, beside the Docker floors measured in the same run.
import { instanceContainers, waitFor } from '../test/support/instance-containers.js';
import { startTestServer } from '../test/support/server.js';
import { benchLearner, startAndOpen } from './bench-learner.js';
import { floorContainer, shellFloor } from './floors.js';
import { dockerRunFloor, fmt, machine, p50p95, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 2;
const POOL = 3;

async function measure(pooled: boolean): Promise<{ times: number[]; hits: number }> {
  const env: Record<string, string> = pooled ? { ATELIER_POOL_SIZES: `premiers-pas=${POOL}` } : {};
  const server = await startTestServer({ env });
  const { lifecycle } = server.app.labs;
  const poolReady = () => lifecycle.pool.stats().find((s) => s.courseId === 'premiers-pas')?.ready === POOL;
  if (pooled) lifecycle.start();
  const times: number[] = [];
  let hits = 0;
  try {
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const learner = await benchLearner(server.url, `tts${pooled ? 'p' : 'c'}${i}`);
      // Steady flow: the pool has refilled since the last learner, so nothing else runs meanwhile.
      if (pooled) await waitFor('pool refilled', poolReady, 60_000);
      const ms = await startAndOpen(learner);
      if (i >= WARMUP) times.push(ms);
      if (i >= WARMUP && (await server.runtime.poll(learner.labId!)).pooled?.claimed) hits++;
      learner.socket.disconnect();
    }
  } finally {
    await server.close();
  }
  if ((await instanceContainers(server.instance)).length) throw new Error('time-to-shell left containers');
  return { times, hits };
}

export async function timeToShell(): Promise<Row[]> {
  const cold = await measure(false);
  const pool = await measure(true);
  const run = dockerRunFloor('atelier/base', RUNS);
  const c = await floorContainer();
  const shell = await shellFloor(c, RUNS).finally(() => c.dispose());
  const [sc, sp, sr, ss] = [summary(cold.times), summary(pool.times), summary(run), summary(shell)];
  console.log(`time-to-shell, ${machine()}`);
  console.log(`  cold  POST /api/labs → first prompt byte: n=${sc.n} p50 ${fmt(sc.p50)} p95 ${fmt(sc.p95)}`);
  console.log(`  pool  POST /api/labs → first prompt byte: n=${sp.n} p50 ${fmt(sp.p50)} p95 ${fmt(sp.p95)}`);
  console.log(`        (${pool.hits}/${sp.n} pool hits)`);
  console.log(`  floor docker run --rm --network none … true: p50 ${fmt(sr.p50)} p95 ${fmt(sr.p95)}`);
  console.log(`  floor exec bash -l → first byte (running container): p50 ${fmt(ss.p50)} p95 ${fmt(ss.p95)}`);
  console.log(`  cold p95 / docker run p95: ${(sc.p95 / sr.p95).toFixed(2)}x (target ≤ 2x)`);
  console.log(`  pool p95 / exec-shell p95: ${(sp.p95 / ss.p95).toFixed(2)}x (target p95 ≤ 50 ms)`);
  return [
    {
      bench: 'time-to-shell, pool hit (POST → first prompt byte)',
      measured: `${p50p95(pool.times)} (${pool.hits}/${sp.n} hits)`,
      floor: `exec bash → prompt ${p50p95(shell)}`,
      target: 'p95 ≤ 50 ms',
    },
    {
      bench: 'time-to-shell, cold',
      measured: `${p50p95(cold.times)} (p95 ${(sc.p95 / sr.p95).toFixed(2)}× floor)`,
      floor: `docker run --rm --network none ${p50p95(run)}`,
      target: 'p95 ≤ 2× floor',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await timeToShell();
