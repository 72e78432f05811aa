// A scheduled session warms its course (issue 18): a class has a session of 60 learners whose lead time
// starts at the next minute; the server's own 30 s tick must notice it (no event) and grow the course's
// pool to 60 ready labs before the session starts. Beside it, the floor measured in the same run (A/B/A):
// 60 bare containers of the lab's exact shape, each created, started, given the course's setup script and
// a `bash -l` prompt, through the pool's start width. No Atelier code in the floor's path.
// Run: npx tsx bench/session-warmup.ts   (SESSION_EXPECTED=60 by default)
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { DEFAULT_HOST_BUSY_PRESSURE, startWidth } from '../server/config.js';
import { docker } from '../test/support/docker-client.js';
import { userWithRole } from '../test/support/classes-support.js';
import { instanceContainers } from '../test/support/instance-containers.js';
import { startTestServer } from '../test/support/server.js';
import { once, tty } from './floors.js';
import { labShapes, type LabShape } from './rush-floor.js';
import { fmt, machine, percentile, ratio, sleep } from './stats.js';

const COURSE = 'premiers-pas';
const EXPECTED = Number(process.env.SESSION_EXPECTED ?? 60);
const OUT = process.env.PERF_OUT ?? '/tmp/brief/perf-sessions.md';
const SETUP = fs.readFileSync(`courses/${COURSE}/setup.sh`, 'utf8');

interface Run {
  /** From the start to each container's readiness, in order. */
  ready: number[];
  /** From the start to the last one. */
  totalMs: number;
  failures: string[];
}

/** `jobs` run `width` at a time. */
async function limited(jobs: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/** The floor: what one pool preparation does, on bare Docker, `width` at a time. */
async function floor(shape: LabShape, n: number, width: number): Promise<Run> {
  const made: Dockerode.Container[] = [];
  const ready: number[] = [];
  const failures: string[] = [];
  const t0 = performance.now();
  try {
    await limited(
      Array.from({ length: n }, () => async () => {
        try {
          const c = await docker.createContainer({
            ...shape,
            name: `atelier-bench-floor-${randomBytes(4).toString('hex')}`,
          });
          made.push(c);
          await c.start();
          const exec = await c.exec({ Cmd: ['bash', '-c', SETUP], AttachStdout: true, AttachStderr: true });
          const s = await exec.start({ hijack: true, stdin: false });
          await new Promise((r) => (s.on('data', () => undefined), s.once('end', r)));
          const shell = await tty(c, ['bash', '-l']);
          await once(shell, (t) => t.length > 0);
          shell.destroy();
          ready.push(performance.now() - t0);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }),
      width,
    );
    return { ready, totalMs: performance.now() - t0, failures };
  } finally {
    await Promise.all(made.map((c) => c.remove({ force: true }).catch(() => undefined)));
  }
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** The platform: a session whose lead time begins at the next minute; the server's tick does the rest. */
async function warmup(n: number) {
  const server = await startTestServer({
    env: {
      ATELIER_MAX_LABS: String(n + 4),
      ATELIER_HOST_BUSY_PRESSURE: String(DEFAULT_HOST_BUSY_PRESSURE),
    },
  });
  const { lifecycle } = server.app.labs;
  lifecycle.start();
  try {
    const { client } = await userWithRole(server, 'bench-formatrice', 'trainer');
    const cls = (await client.post('/api/classes', { name: 'Bench', courseIds: [COURSE], timeZone: 'UTC' }))
      .body;
    const { leadMinutes } = (await client.get(`/api/classes/${cls.id}/sessions`)).body;
    const leadMs = leadMinutes * 60_000;
    const warmFrom = Math.ceil((Date.now() + 5_000) / 60_000) * 60_000;
    const startsAt = warmFrom + leadMs;
    const endsAt = Math.min(startsAt + 3_600_000, Math.ceil(startsAt / 86_400_000) * 86_400_000 - 60_000);
    const created = await client.post(`/api/classes/${cls.id}/sessions`, {
      courseId: COURSE,
      date: new Date(startsAt).toISOString().slice(0, 10),
      start: hhmm(startsAt),
      end: hhmm(endsAt),
      expected: n,
    });
    if (created.status !== 201) throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
    const session = created.body.sessions[0];
    console.log(
      `session ${session.start}–${session.end} UTC, ${n} expected, fits=${session.fits}; warming from ${hhmm(warmFrom)}`,
    );
    await sleep(Math.max(0, warmFrom - Date.now()));
    const t0 = performance.now() - (Date.now() - warmFrom);
    const stats = () => lifecycle.poolStats().find((s) => s.courseId === COURSE);
    const ready: number[] = [];
    let noticedMs = NaN;
    const budget = warmFrom + leadMs + 120_000;
    while (ready.length < n && Date.now() < budget) {
      const s = stats();
      // The tick sized the pool: preparations exist (poolStats itself computes the target at any time).
      if (Number.isNaN(noticedMs) && (s?.ready ?? 0) + (s?.preparing ?? 0) > 0)
        noticedMs = performance.now() - t0;
      while (ready.length < (s?.ready ?? 0)) ready.push(performance.now() - t0);
      await sleep(100);
    }
    const totalMs = ready.length >= n ? ready[n - 1]! : NaN;
    const view = (await client.get(`/api/classes/${cls.id}/sessions`)).body.sessions[0];
    return {
      run: { ready, totalMs, failures: ready.length < n ? [`only ${ready.length} ready`] : [] } as Run,
      noticedMs,
      leadMs,
      beforeStart: ready.length >= n && warmFrom + totalMs < startsAt,
      view,
      instance: server.instance,
    };
  } finally {
    const { instance } = server;
    await server.close();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    if ((await instanceContainers(instance)).length) console.log(`! containers of ${instance} left`);
  }
}

const width = Math.max(1, startWidth('auto') - 1); // pool preparations keep one start slot for learners
console.log(`session warm-up — ${machine()}; ${EXPECTED} labs of ${COURSE}, pool width ${width}`);
const shape = (await labShapes([COURSE])).get(COURSE)!;
const a1 = await floor(shape, EXPECTED, width);
console.log(
  `floor A: ${EXPECTED} ready in ${fmt(a1.totalMs)} (median container ready at ${fmt(percentile(a1.ready, 50))})`,
);
const w = await warmup(EXPECTED);
console.log(
  `platform: tick noticed the session ${fmt(w.noticedMs)} after its lead time began; ${w.run.ready.length} ready, ` +
    `${EXPECTED} at ${fmt(w.run.totalMs)} (median ${fmt(percentile(w.run.ready, 50))}); ready before the start: ${w.beforeStart}`,
);
console.log(`class page then: pool ${JSON.stringify(w.view.pool)}, state ${w.view.state}`);
const a2 = await floor(shape, EXPECTED, width);
console.log(`floor A': ${EXPECTED} ready in ${fmt(a2.totalMs)} (median ${fmt(percentile(a2.ready, 50))})`);
const floorMs = (a1.totalMs + a2.totalMs) / 2;
const fromNotice = w.run.totalMs - w.noticedMs;
const lines = [
  `# Session warm-up (bench/session-warmup.ts, ${new Date().toISOString()})`,
  '',
  `Command: \`npx tsx bench/session-warmup.ts\` (SESSION_EXPECTED=${EXPECTED}). Machine: ${machine()}.`,
  `A/B/A: floor, platform, floor. Pool start width ${width} (the queue's ${startWidth('auto')} minus one slot kept for learners); the floor uses the same width.`,
  `Host pressure threshold as in production (${DEFAULT_HOST_BUSY_PRESSURE}); ATELIER_MAX_LABS=${EXPECTED + 4}; lead ${w.leadMs / 60_000} min.`,
  '',
  '| measure | value |',
  '| --- | --- |',
  `| floor A: ${EXPECTED} bare containers created, started, setup run, first prompt | ${fmt(a1.totalMs)} (median ${fmt(percentile(a1.ready, 50))}) |`,
  `| floor A' | ${fmt(a2.totalMs)} (median ${fmt(percentile(a2.ready, 50))}) |`,
  `| platform: lead time begins → the 30 s tick sizes the pool | ${fmt(w.noticedMs)} |`,
  `| platform: lead time begins → ${EXPECTED} pool labs ready | ${fmt(w.run.totalMs)} (median ${fmt(percentile(w.run.ready, 50))}) |`,
  `| platform: tick → ${EXPECTED} ready | ${fmt(fromNotice)} |`,
  `| ratio (tick → ready) / floor (mean of A, A') | ${ratio(fromNotice, floorMs)} |`,
  `| ${EXPECTED} ready before the session's start (lead ${w.leadMs / 60_000} min) | ${w.beforeStart ? 'yes' : 'NO'} |`,
  '',
  ...(w.run.failures.length || a1.failures.length || a2.failures.length
    ? [`Failures: ${[...w.run.failures, ...a1.failures, ...a2.failures].slice(0, 5).join('; ')}`]
    : []),
];
fs.writeFileSync(OUT, lines.join('\n') + '\n');
console.log(lines.join('\n'));
process.exit(0);
