// Exercise checks: the course registry's runChecks on the premiers-pas exercise with the most checks,
// the same through POST /api/labs/:id/check, five checks of five kinds read by the lab's grader, and one
// batched exec of 8 small commands; beside the API exec floor (`true`) on the same lab, taken before and
// after (A/B/A: this machine's speed drifts within minutes).
import path from 'node:path';
import { runExerciseChecks } from '../server/courses/check-runner.js';
import { check } from '../server/courses/checks/index.js';
import { loadCourses } from '../server/courses/course-registry.js';
import { docker } from '../test/support/docker-client.js';
import { startTestServer } from '../test/support/server.js';
import { benchLearner } from './bench-learner.js';
import { execFloor } from './floors.js';
import { fmt, machine, p50p95, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 30);
const COURSE = 'premiers-pas';
// Eight checks of the kind a course makes, each printing one status line (one exec for all).
const EIGHT = [
  'test -f /root/bienvenue.txt',
  'grep -q tournesol /root/bienvenue.txt',
  'test -d /root/depot',
  'test -x /bin/bash',
  'id -u root',
  'test "$(stat -c %a /root/depot/secret.txt)" = 644',
  'grep -q "^port" /etc/monapp/monapp.conf',
  'ls /srv/donnees >/dev/null',
]
  .map((c, i) => `if ${c} >/dev/null 2>&1; then echo "c${i} ok"; else echo "c${i} ko"; fi`)
  .join('\n');
// One check of each kind the grader reads: file, user, package, process, port.
const FIVE = [
  check.file('/root', { type: 'directory', mode: '700' }),
  check.user('root', { shell: '/bin/bash' }),
  check.package('bash'),
  check.process('sleep', { running: false }),
  check.port(80, { listening: false }),
];

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export async function checkBatch(): Promise<Row[]> {
  const server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
  const { runtime } = server;
  const registry = await loadCourses(path.resolve('courses'), { exercisesDir: path.resolve('exercises') });
  try {
    const l = await benchLearner(server.url, 'checker');
    const labId = (await l.http.post('/api/labs', { courseId: COURSE })).body.id as string;
    // The exercise with the most checks.
    let best = { id: '', n: 0 };
    for (const id of registry.exerciseIds(COURSE)) {
      const n = (await registry.runChecks(runtime, labId, COURSE, id, 'fr')).checks.length;
      if (n > best.n) best = { id, n };
    }
    const { containerId } = await runtime.poll(labId);
    const floorA = await execFloor(docker.getContainer(containerId!), RUNS);
    const five = await timed(RUNS, () => runExerciseChecks(runtime, labId, FIVE, 'fr'));
    const direct = await timed(RUNS, () => registry.runChecks(runtime, labId, COURSE, best.id, 'fr'));
    const http = await timed(RUNS, () => l.http.post(`/api/labs/${labId}/check`, { exerciseId: best.id }));
    const eight = await timed(RUNS, async () => {
      const r = await runtime.exec(labId, ['sh', '-c', EIGHT]);
      if (r.stdout.trim().split('\n').length !== 8) throw new Error(`8 checks: ${r.stdout}`);
    });
    const floorB = await execFloor(docker.getContainer(containerId!), RUNS);
    const floor = [...floorA, ...floorB];
    l.socket.disconnect();
    const f = summary(floor);
    const ratio = (xs: number[]) => (summary(xs).p50 / f.p50).toFixed(2);
    console.log(`check batch, ${machine()}`);
    console.log(`  5 checks of 5 kinds (grader): ${p50p95(five)} (p50 / p95), ${ratio(five)}× the floor`);
    console.log(`  runChecks ${COURSE}/${best.id} (${best.n} checks): ${p50p95(direct)} (p50 / p95)`);
    console.log(`  POST /api/labs/:id/check, same exercise: ${p50p95(http)}`);
    console.log(`  8 commands in one exec: ${p50p95(eight)}`);
    console.log(`  floor: API exec \`true\`: before ${p50p95(floorA)}, after ${p50p95(floorB)}`);
    return [
      {
        bench: 'check: 5 checks of 5 kinds (grader)',
        measured: `${p50p95(five)} (${ratio(five)}× floor p50)`,
        floor: `API exec \`true\` ${fmt(f.p50)} / ${fmt(f.p95)} (before+after)`,
        target: 'p95 ≤ 100 ms',
      },
      {
        bench: `check: runChecks ${best.id} (${best.n} checks) / POST …/check`,
        measured: `${p50p95(direct)} / ${p50p95(http)}`,
        floor: `API exec \`true\` ${p50p95(floor)}`,
        target: 'p95 ≤ 100 ms',
      },
      {
        bench: 'check: 8 commands in one batched exec',
        measured: p50p95(eight),
        floor: 'same',
        target: 'p95 ≤ 100 ms',
      },
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await checkBatch();
