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
const RESTARTS = Number(process.env.RESTARTS ?? 3);
const median = (v: number[]) => percentile(v, 50);
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** The new process's own account of its start (its `started` log line): where the time went. */
function startPhases(output: string): string {
  const line = output.split('\n').find((l) => l.includes('"msg":"started"'));
  if (!line) return '(no started line)';
  const { phasesMs } = JSON.parse(line) as { phasesMs: Record<string, number> };
  return Object.entries(phasesMs)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/**
 * A bare start: an instance with no labs, started once beforehand (so its database and rendered lessons
 * exist, as on any restart), then timed from spawn to a 200 on /api/health.
 */
async function bareStarts(runs: number): Promise<number[]> {
  const klass = new RestartClass(`atelier-bf${randomBytes(3).toString('hex')}`);
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const server = await spawnServer({ dataDir: klass.dataDir, instance: klass.instance });
    const ms = await healthyAfter(server.url, t0);
    if (i > 0) times.push(ms);
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
      // Each restart is one sample of "healthy" and LABS samples of "shell back": a few restarts per signal.
      const healthy: number[] = [];
      const back: number[] = [];
      let same = 0;
      for (let i = 0; i < RESTARTS; i++) {
        const r = await klass.restart(signal, learners);
        healthy.push(r.healthyMs);
        back.push(...r.backMs);
        same += r.sameShell;
        console.log(
          `${signal} #${i + 1}: healthy ${ms(r.healthyMs)}; shells reattached p50 ${ms(median(r.backMs))} ` +
            `p95 ${ms(percentile(r.backMs, 95))} max ${ms(Math.max(...r.backMs))}; ${r.sameShell}/${LABS} the same shell; ` +
            `server's phases ${startPhases(klass.server?.output() ?? '')}`,
        );
      }
      const total = RESTARTS * LABS;
      rows.push({
        bench: `restart with ${LABS} labs (${signal === 'SIGKILL' ? 'kill -9' : 'SIGTERM'}, ${RESTARTS}×)`,
        measured: `healthy median ${ms(median(healthy))}; shells back p50 ${ms(median(back))} / p95 ${ms(percentile(back, 95))} (${same}/${total} same shell)`,
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
