// Catch-up and restore to a prompt, beside their floor (A/B/A: the machine's speed drifts within minutes).
// Floor: a cold start (POST /api/labs → first prompt byte, no pool) on the same course, plus, for the
// catch-up, the solutions' own run time (the same solutions run in an already running lab).
// B: a catch-up to the course's last exercise, then a restore of a checkpoint, each to a first prompt byte.
// Target (issue 18): restore and catch-up ≤ 2× (cold start + the solutions' own run time).
import { loadConfig } from '../server/config.js';
import { loadCourses, type CourseRegistry } from '../server/courses/course-registry.js';
import { runSolution } from '../server/courses/solution-run.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { fmt, machine, p50p95, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 5);
const COURSE = process.env.COURSE ?? 'premiers-pas';

/** terminal:open on the learner's lab → first output byte (after a catch-up or restore closed the shells). */
async function reopen(l: BenchLearner): Promise<void> {
  const firstByte = new Promise<void>((resolve) => l.socket.once('terminal:output', () => resolve()));
  const ack = await l.socket.emitWithAck('terminal:open', { labId: l.labId!, cols: 80, rows: 24 });
  if (!ack.ok) throw new Error(`terminal:open: ${ack.message}`);
  l.terminalId = ack.terminalId;
  await firstByte;
}

async function learner(server: TestServer, name: string): Promise<BenchLearner & { userId: string }> {
  const l = await benchLearner(server.url, name);
  return Object.assign(l, { userId: (await l.http.get('/api/me')).body.id as string });
}

/** One cold start to a prompt (floor); with `solutions`, then times those solutions in that fresh lab. */
async function coldStart(
  server: TestServer,
  name: string,
  solutions?: { reg: CourseRegistry; ids: string[] },
) {
  const l = await learner(server, name);
  const ms = await startAndOpen(l, COURSE);
  let solMs = 0;
  if (solutions) {
    const t0 = performance.now();
    for (const e of solutions.ids) {
      const run = await runSolution(solutions.reg, server.runtime, l.labId!, COURSE, e);
      if (!run.ok) throw new Error(`solution ${e}: ${run.exitCode} ${run.tail}`);
    }
    solMs = performance.now() - t0;
  }
  await l.http.del(`/api/labs/${l.labId}`);
  l.socket.disconnect();
  return { ms, solMs };
}

/** B: a catch-up to `last` → prompt, then a restore of `checkpoint` → prompt, on one learner's lab. */
async function catchUpAndRestore(server: TestServer, name: string, last: string, checkpoint: string) {
  const l = await learner(server, name);
  await startAndOpen(l, COURSE);
  let t0 = performance.now();
  // As a trainer's catch-up does (the route adds only the authorization check).
  await server.app.labs.catchUp(l.userId, COURSE, last, { byLearner: false });
  await reopen(l);
  const catchUp = performance.now() - t0;
  // What a pass saves (in the background): taken here, outside the timing.
  await server.runtime.saveCheckpoint(l.labId!, checkpoint);
  t0 = performance.now();
  const res = await l.http.post(`/api/labs/${l.labId}/restore`, { exerciseId: checkpoint });
  if (res.status !== 200) throw new Error(`restore: ${res.status} ${JSON.stringify(res.body)}`);
  await reopen(l);
  const restore = performance.now() - t0;
  await l.http.del(`/api/labs/${l.labId}`);
  l.socket.disconnect();
  return { catchUp, restore };
}

const median = (v: number[]) => summary(v).p50;

export async function catchUpBench(): Promise<Row[]> {
  const server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
  try {
    const config = loadConfig({});
    const reg = await loadCourses(config.coursesDir, { exercisesDir: config.exercisesDir });
    const ids = reg.exerciseIds(COURSE);
    const last = ids.at(-1)!;
    const before = ids.slice(0, -1);
    // A, B, A' in each round, so the host's drift (other work on the machine) hits floor and B alike;
    // the ratios are taken per round, then their median.
    await coldStart(server, 'cuw'); // warm-up: images and code in the caches
    const a1: number[] = [];
    const a2: number[] = [];
    const solutions: number[] = [];
    const catchUps: number[] = [];
    const restores: number[] = [];
    const cuRatios: number[] = [];
    const rsRatios: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await coldStart(server, `cua${i}`);
      const b = await catchUpAndRestore(server, `cub${i}`, last, before.at(-1)!);
      const c = await coldStart(server, `cuc${i}`, { reg, ids: before });
      a1.push(a.ms);
      a2.push(c.ms);
      solutions.push(c.solMs);
      catchUps.push(b.catchUp);
      restores.push(b.restore);
      const cold = (a.ms + c.ms) / 2;
      cuRatios.push(b.catchUp / (cold + c.solMs));
      rsRatios.push(b.restore / cold);
    }
    const cold = median([...a1, ...a2]);
    const sol = median(solutions);
    const b = { catchUps, restores };
    const cu = median(cuRatios);
    const rs = median(rsRatios);
    console.log(`catch-up, ${COURSE} (${ids.length} exercises), ${RUNS} runs each, ${machine()}`);
    console.log(`  floor A  cold start → prompt: ${p50p95(a1)}`);
    console.log(`  solutions of ${before.length} exercises in a running lab: ${p50p95(solutions)}`);
    console.log(`  B  catch-up to « ${last} » → prompt: ${p50p95(b.catchUps)}`);
    console.log(`  B  restore of « ${before.at(-1)} » → prompt: ${p50p95(b.restores)}`);
    console.log(`  floor A' cold start → prompt: ${p50p95(a2)}`);
    console.log(
      `  catch-up / (cold + solutions), median of ${RUNS} rounds: ${cu.toFixed(2)}× (target ≤ 2×); ` +
        `medians ${fmt(median(catchUps))} / (${fmt(cold)} + ${fmt(sol)}) = ${(median(catchUps) / (cold + sol)).toFixed(2)}×`,
    );
    console.log(
      `  restore / cold, median of ${RUNS} rounds: ${rs.toFixed(2)}× (target ≤ 2×); ` +
        `medians ${fmt(median(restores))} / ${fmt(cold)} = ${(median(restores) / cold).toFixed(2)}×`,
    );
    return [
      {
        bench: `catch-up to the last exercise (${COURSE})`,
        measured: `${p50p95(b.catchUps)} (${cu.toFixed(2)}× floor)`,
        floor: `cold start ${p50p95([...a1, ...a2])} + solutions ${p50p95(solutions)}`,
        target: '≤ 2× floor',
      },
      {
        bench: `restore of a checkpoint (${COURSE})`,
        measured: `${p50p95(b.restores)} (${rs.toFixed(2)}× floor)`,
        floor: `cold start ${p50p95([...a1, ...a2])}`,
        target: '≤ 2× floor',
      },
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await catchUpBench();
