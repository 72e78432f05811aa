// Multi-machine labs (the two-machine fixture course `duo`, web + app on base): time-to-shell cold and as
// a pool hit beside the floor of the same network and machines created bare with a shell opened; and the
// first byte of a page through the preview beside a direct request to the same page server. Every floor
// is taken before and after what it is compared with (A/B/A: this machine's speed drifts within minutes).
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { docker } from '../test/support/docker-client.js';
import { waitFor } from '../test/support/instance-containers.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { benchLearner, startAndOpen } from './bench-learner.js';
import { burst } from './class-burst.js';
import { firstByte, labBurstFloor, labFloor, pageMachine, type LabFloorRun } from './machine-floors.js';
import { fmt, machine, p50p95, sleep, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 20);
const PAGE_RUNS = Number(process.env.PAGE_RUNS ?? 100);
/** A class on the course, pool pre-scaled to it (CLASS=30); 0: skipped (60 is heavy on 2 cores). */
const CLASS = Number(process.env.CLASS ?? 0);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 0);
const WARMUP = 2;
const POOL = 3;
const COURSE = 'duo';
const ENV = {
  ATELIER_COURSES_DIR: path.resolve('test/fixtures/courses'),
  ATELIER_EXERCISES_DIR: path.resolve('exercises'),
};
const PORT = 8080;
/** A one-line page server (1 KiB of HTML, a fresh connection per request), the same in a lab and bare. */
const SERVE =
  `nohup perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>${PORT},Listen=>50,ReuseAddr=>1) or die;` +
  `$b="<!doctype html><title>bench</title>"."x"x1000;while($c=$s->accept){while(<$c>){last if /^\\r?$/}` +
  `print $c "HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: ".length($b)."\\r\\n` +
  `Connection: close\\r\\n\\r\\n$b";close $c}' >/dev/null 2>&1 &`;

/** Containers and networks the instance left behind (lab machines, graders, lab networks). */
async function leftovers(instance: string): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { name: [`^/${instance}-`] } });
  const networks = await docker.listNetworks({ filters: { name: [`${instance}-net-`] } });
  return containers.length + networks.length;
}

async function withServer<T>(env: Record<string, string>, run: (s: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer({ env: { ...ENV, ...env } });
  const result = await run(server).finally(() => server.close());
  if (await leftovers(server.instance)) throw new Error(`${server.instance} left containers or networks`);
  return result;
}

interface Starts {
  times: number[];
  posts: number[];
  /** Until terminal:open's ack. */
  opens: number[];
  hits: number;
}

/**
 * POST /api/labs → terminal:open → first prompt byte; each lab is deleted before the next learner.
 * SETTLE_MS: a pause after the pool is refilled (to tell the refill's tail work from the hand-out itself).
 */
export function timeToShell(pooled: boolean): Promise<Starts> {
  const env: Record<string, string> = pooled ? { ATELIER_POOL_SIZES: `${COURSE}=${POOL}` } : {};
  return withServer(env, async (server) => {
    const { lifecycle } = server.app.labs;
    const poolReady = () => lifecycle.pool.stats().find((s) => s.courseId === COURSE)?.ready === POOL;
    if (pooled) lifecycle.start();
    const out: Starts = { times: [], posts: [], opens: [], hits: 0 };
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const learner = await benchLearner(server.url, `mm${pooled ? 'p' : 'c'}${i}`);
      // Steady flow: the pool has refilled since the last learner, so nothing else runs meanwhile.
      if (pooled) await waitFor('pool refilled', poolReady, 120_000);
      if (pooled) await sleep(SETTLE_MS);
      const split: { postMs?: number; openMs?: number } = {};
      const ms = await startAndOpen(learner, COURSE, split);
      if (i >= WARMUP) {
        out.times.push(ms);
        out.posts.push(split.postMs!);
        out.opens.push(split.openMs!);
        if ((await server.runtime.poll(learner.labId!)).pooled?.claimed) out.hits++;
      }
      learner.socket.disconnect();
      const del = await learner.http.del(`/api/labs/${learner.labId}`);
      if (del.status !== 204) throw new Error(`DELETE lab: ${del.status}`);
    }
    return out;
  });
}

/** runtime.connect (the relay's open frame) → request written → first byte back, on the runtime alone. */
async function relayOnly(server: TestServer, labId: string, machineName: string) {
  const t0 = performance.now();
  const conn: Duplex = await server.runtime.connect(labId, { machine: machineName, port: PORT });
  const opened = performance.now() - t0;
  const first = new Promise((r) => conn.once('data', r));
  conn.write(`GET / HTTP/1.1\r\nHost: ${machineName}:${PORT}\r\nConnection: close\r\n\r\n`);
  await first;
  const total = performance.now() - t0;
  conn.destroy();
  return { opened, total };
}

const series = async (n: number, fn: () => Promise<number>) => {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await fn());
  return xs;
};

interface Pages {
  directA: number[];
  directB: number[];
  web: number[];
  app: number[];
  relayOpen: number[];
  relayTotal: number[];
  inspect2: number[];
  platform: number[];
}

/** The first byte of the page through /preview/ (web: the default machine, app: across the lab network). */
async function previewLatency(): Promise<Pages> {
  const direct = await pageMachine(SERVE, PORT);
  try {
    const ready = (url: string) => waitFor(`page at ${url}`, () => firstByte(url).catch(() => false), 20_000);
    await ready(direct.url);
    return await withServer({}, async (server) => {
      const l = await benchLearner(server.url, 'previewer');
      const labId = (await l.http.post('/api/labs', { courseId: COURSE })).body.id as string;
      l.socket.disconnect();
      for (const m of ['web', 'app']) await server.runtime.exec(labId, ['bash', '-c', SERVE], { machine: m });
      const url = async (m: string) =>
        server.url + (await l.http.post(`/api/labs/${labId}/preview`, { machine: m, port: PORT })).body.url;
      const [webUrl, appUrl] = [await url('web'), await url('app')];
      await ready(webUrl);
      await ready(appUrl);
      // Warm-up: the relay is open, JIT and sockets are warm on every path.
      for (const u of [direct.url, webUrl, appUrl]) await series(10, () => firstByte(u));
      const directA = await series(PAGE_RUNS, () => firstByte(direct.url));
      const web = await series(PAGE_RUNS, () => firstByte(webUrl));
      const app = await series(PAGE_RUNS, () => firstByte(appUrl));
      const relay = [];
      for (let i = 0; i < PAGE_RUNS; i++) relay.push(await relayOnly(server, labId, 'web'));
      // What runtime.connect asks Docker at every connection (the lab's and its grader's inspect).
      const { containerId } = await server.runtime.poll(labId);
      const lab = docker.getContainer(containerId!);
      const inspect2 = await series(PAGE_RUNS, async () => {
        const t0 = performance.now();
        const info = await lab.inspect();
        await docker
          .getContainer(`${server.instance}-grader-${info.Id.slice(0, 24)}`)
          .inspect()
          .catch(() => undefined);
        return performance.now() - t0;
      });
      // The platform's own HTTP path, no lab behind it.
      const platform = await series(PAGE_RUNS, () => firstByte(`${server.url}/api/config`));
      const directB = await series(PAGE_RUNS, () => firstByte(direct.url));
      const relayOpen = relay.map((r) => r.opened);
      const relayTotal = relay.map((r) => r.total);
      return { directA, directB, web, app, relayOpen, relayTotal, inspect2, platform };
    });
  } finally {
    await direct.dispose();
  }
}

const parts = (runs: LabFloorRun[], key: keyof LabFloorRun) => runs.map((r) => r[key]);

export async function multiMachine(): Promise<Row[]> {
  // MM_ONLY=shell, preview or class: one part (tuning runs).
  const want = (part: string) => !process.env.MM_ONLY || process.env.MM_ONLY === part;
  const rows: Row[] = [];
  console.log(`multi-machine labs (${COURSE}: web + app), ${machine()}`);
  if (want('shell')) {
    const floorA = await labFloor(RUNS);
    const cold = await timeToShell(false);
    const pool = await timeToShell(true);
    const floorB = await labFloor(RUNS);
    const floor = [...floorA, ...floorB];
    const total = (runs: LabFloorRun[]) => summary(parts(runs, 'totalMs'));
    const [f, fa, fb] = [total(floor), total(floorA), total(floorB)];
    const [sc, sp] = [summary(cold.times), summary(pool.times)];
    console.log(
      `  cold  POST /api/labs → first prompt byte: ${p50p95(cold.times)} (POST alone ${p50p95(cold.posts)})`,
    );
    console.log(
      `  pool  POST /api/labs → first prompt byte: ${p50p95(pool.times)} (${pool.hits}/${sp.n} pool hits, ` +
        `POST alone ${p50p95(pool.posts)}, to terminal:open ack ${p50p95(pool.opens)})`,
    );
    // p95 of 20 is the second slowest: show the slowest with their split (a load spike or a pattern).
    const slowest = pool.times
      .map((ms, i) => ({ ms, post: pool.posts[i]!, open: pool.opens[i]! }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 3);
    console.log(
      `        slowest: ${slowest.map((x) => `${fmt(x.ms)} (POST ${fmt(x.post)}, open ack ${fmt(x.open)})`).join(', ')}`,
    );
    console.log(
      `  floor network + 2 machines + exec bash -l → first byte: before ${p50p95(parts(floorA, 'totalMs'))}, after ${p50p95(parts(floorB, 'totalMs'))}`,
    );
    for (const k of ['networkMs', 'machinesMs', 'shellMs'] as const)
      console.log(`        of which ${k}: ${p50p95(parts(floor, k))}`);
    console.log(`  cold p95 / floor p95: ${(sc.p95 / f.p95).toFixed(2)}x (target ≤ 2x)`);
    console.log(`  pool p95: ${fmt(sp.p95)} (target ≤ 50 ms)`);
    rows.push(
      {
        bench: `2-machine lab, time-to-shell, pool hit (${pool.hits}/${sp.n} hits)`,
        measured: p50p95(pool.times),
        floor: `exec bash -l → first byte ${p50p95(parts(floor, 'shellMs'))}`,
        target: 'p95 ≤ 50 ms',
      },
      {
        bench: '2-machine lab, time-to-shell, cold',
        measured: `${p50p95(cold.times)} (p95 ${(sc.p95 / f.p95).toFixed(2)}× floor)`,
        floor: `network + 2 machines + shell ${p50p95(parts(floor, 'totalMs'))} (p95 before ${fmt(fa.p95)}, after ${fmt(fb.p95)})`,
        target: 'p95 ≤ 2× floor',
      },
    );
  }
  if (want('preview')) {
    const p = await previewLatency();
    const direct = [...p.directA, ...p.directB];
    const d = summary(direct);
    const above = (xs: number[]) => `${fmt(summary(xs).p95 - d.p95)} above direct at p95`;
    console.log(
      `  direct GET (bridge the host reaches): before ${p50p95(p.directA)}, after ${p50p95(p.directB)}`,
    );
    console.log(`  preview web (default machine): ${p50p95(p.web)}, ${above(p.web)}`);
    console.log(`  preview app (across the lab network): ${p50p95(p.app)}, ${above(p.app)}`);
    console.log(
      `  runtime.connect alone (web): open ${p50p95(p.relayOpen)}, to first byte ${p50p95(p.relayTotal)}`,
    );
    console.log(`  GET /api/config on the same server (no Docker): ${p50p95(p.platform)}`);
    console.log(
      `  lab inspect + grader inspect (what opening a lab's relay asks Docker, once): ${p50p95(p.inspect2)}`,
    );
    rows.push({
      bench: 'preview, first byte of a 1 KiB page (web / app)',
      measured: `${p50p95(p.web)} · ${p50p95(p.app)} (${fmt(summary(p.web).p95 - d.p95)} · ${fmt(summary(p.app).p95 - d.p95)} above direct p95)`,
      floor: `direct GET ${p50p95(direct)} (p95 before ${fmt(summary(p.directA).p95)}, after ${fmt(summary(p.directB).p95)})`,
      target: 'p95 ≤ direct + 20 ms',
    });
  }
  if (CLASS > 0 && want('class')) rows.push(await classOnTwoMachines());
  return rows;
}

/** CLASS learners within one second on the pre-scaled pool, beside CLASS bare labs made at once (A/B/A). */
async function classOnTwoMachines(): Promise<Row> {
  const floorA = await labBurstFloor(CLASS);
  const b = await burst(CLASS, { courseId: COURSE, learners: CLASS, env: ENV });
  if (b.instance && (await leftovers(b.instance)))
    throw new Error(`${b.instance} left containers or networks`);
  const floorB = await labBurstFloor(CLASS);
  const max = Math.max(...b.times);
  console.log(
    `  class of ${CLASS} within 1 s, pool pre-scaled: last prompt ${fmt(b.wallMs)}; each ${p50p95(b.times)}, ` +
      `max ${fmt(max)}; ${b.times.length} prompts, ${b.failures.length} failures`,
  );
  console.log(`    POST /api/labs alone ${p50p95(b.posts ?? [])}; ${b.hits}/${CLASS} pool hits`);
  for (const f of b.failures.slice(0, 3)) console.log(`    failure: ${f}`);
  console.log(
    `  floor ${CLASS} bare labs (network + 2 machines) at once: before ${fmt(floorA.wallMs)}, after ${fmt(floorB.wallMs)}`,
  );
  return {
    bench: `class of ${CLASS} within 1 s on the 2-machine course, pool pre-scaled`,
    measured: `last prompt ${fmt(b.wallMs)}; each ${p50p95(b.times)}, max ${fmt(max)}; ${b.times.length}/${CLASS} ok, ${b.failures.length} failed`,
    floor: `${CLASS} bare labs (network + 2 machines) at once: ${fmt(floorA.wallMs)} before, ${fmt(floorB.wallMs)} after`,
    target: 'all prompts ≤ 8 s, none fails',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await multiMachine();
