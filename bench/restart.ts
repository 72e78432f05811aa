// Restart of the real server in the middle of a class (bench): the floor is a bare start of the same
// server with no labs (spawn → /api/health 200), taken before and after (A/B/A); then 60 labs with a
// counter running in an open shell each, through kill -9 and through SIGTERM: time to healthy and to every
// shell reattached (all 60 browsers resuming at once).
import { randomBytes } from 'node:crypto';
import { removeInstanceContainers } from '../test/support/instance-containers.js';
import { healthyAfter, RestartClass } from '../test/support/restart-class.js';
import { buildServer, spawnServer } from '../test/support/server-process.js';
import { percentile, type Row } from './stats.js';

const LABS = Number(process.env.LABS ?? 60);
const FLOOR_RUNS = Number(process.env.FLOOR_RUNS ?? 5);
const median = (v: number[]) => percentile(v, 50);
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** A bare start: a fresh data dir and instance, nothing to adopt. */
async function bareStarts(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const klass = new RestartClass(`atelier-bf${randomBytes(3).toString('hex')}`);
    const t0 = performance.now();
    const server = await spawnServer({ dataDir: klass.dataDir, instance: klass.instance });
    times.push(await healthyAfter(server.url, t0));
    server.child.kill('SIGKILL');
    await server.exited;
  }
  return times;
}

export async function restart(): Promise<Row[]> {
  const floorA = await bareStarts(FLOOR_RUNS);
  console.log(`floor (bare start, no labs): median ${ms(median(floorA))} of ${FLOOR_RUNS}`);
  const klass = new RestartClass(`atelier-rb${randomBytes(3).toString('hex')}`);
  const rows: Row[] = [];
  try {
    await klass.start();
    const t = performance.now();
    const learners = await klass.learners(LABS);
    console.log(`${LABS} labs with a counter in an open shell, set up in ${ms(performance.now() - t)}`);
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      const r = await klass.restart(signal, learners);
      const p95 = percentile(r.backMs, 95);
      console.log(
        `${signal}: healthy ${ms(r.healthyMs)}; shells reattached p50 ${ms(median(r.backMs))} p95 ${ms(p95)} ` +
          `max ${ms(Math.max(...r.backMs))}; ${r.sameShell}/${LABS} the same shell`,
      );
      rows.push({
        bench: `restart with ${LABS} labs (${signal === 'SIGKILL' ? 'kill -9' : 'SIGTERM'})`,
        measured: `healthy ${ms(r.healthyMs)}; shells back p50 ${ms(median(r.backMs))} / p95 ${ms(p95)} (${r.sameShell}/${LABS} same shell)`,
        floor: '',
        target: '≤ 2 s p95',
      });
    }
  } finally {
    klass.stop();
    await removeInstanceContainers(klass.instance);
  }
  const floorB = await bareStarts(FLOOR_RUNS);
  const floor = median([...floorA, ...floorB]);
  console.log(
    `floor again: median ${ms(median(floorB))}; floor A/A ${ms(median(floorA))} / ${ms(median(floorB))}`,
  );
  for (const r of rows) r.floor = `bare start ${ms(median(floorA))} / ${ms(median(floorB))} (A/A)`;
  console.log(`ratio of healthy time to the bare start: see rows (floor median ${ms(floor)})`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildServer();
  const rows = await restart();
  for (const r of rows) console.log(`| ${r.bench} | ${r.measured} | ${r.floor} | ${r.target} |`);
  process.exit(0);
}
