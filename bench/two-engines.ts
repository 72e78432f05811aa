// A class over two Docker Engines (issue 16): the default one and a second real dockerd on this machine
// (test/support/second-engine.ts), the server as its own process with ATELIER_ENGINES naming both and the
// course's pool pre-scaled to the class. LEARNERS (120) press start within 1 s: time to all prompts and each
// learner's POST /api/labs → prompt. Floors A before and B after (plain Docker on the same two engines, half
// the containers on each): cold = create + start + TTY `bash -l` (rush-floor's work), warm = TTY `bash -l` on
// containers started beforehand (what a pool hand-over leaves to do).
import Database from 'better-sqlite3';
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { localEngine } from '../server/sandbox/engine-config.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';
import { docker } from '../test/support/docker-client.js';
import { startSecondEngine, type SecondEngine } from '../test/support/second-engine.js';
import { httpClient } from '../test/support/server.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { once, tty } from './floors.js';
import { labShapes, type LabShape } from './rush-floor.js';
import { fmt, machine, p50p95max, ratio, sleep, summary, type Row } from './stats.js';

const LEARNERS = Number(process.env.LEARNERS ?? 120);
const COURSE = 'premiers-pas';
const SPREAD_MS = 1_000;
const BUDGET_MS = 300_000;

interface Rush {
  prompts: number[];
  /** Learner i's time, undefined when it failed. */
  each: (number | undefined)[];
  /** From the first press to the last prompt. */
  lastMs: number;
  failures: string[];
  /** Per engine (platform only): its learners' times. */
  byEngine?: Map<string, number[]>;
}

const within = <T>(p: Promise<T>, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not after ${BUDGET_MS} ms`)), BUDGET_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

/** `n` presses spread over SPREAD_MS, each timed from its press; `press(i)` resolves at the prompt. */
async function rush(n: number, press: (i: number) => Promise<unknown>): Promise<Rush> {
  const each: (number | undefined)[] = Array.from({ length: n }, () => undefined);
  const failures: string[] = [];
  let lastMs = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep((i * SPREAD_MS) / n);
      const pressed = performance.now();
      try {
        await within(press(i), 'prompt');
        each[i] = performance.now() - pressed;
        lastMs = Math.max(lastMs, performance.now() - t0);
      } catch (err) {
        failures.push(`learner ${i}: ${(err as Error).message}`);
      }
    }),
  );
  return { prompts: each.filter((t) => t !== undefined), each, lastMs, failures };
}

type Engine = { name: string; docker: Dockerode };

/** Plain Docker on the engines, learner i on engine i % 2; every container removed afterwards. */
async function floor(engines: Engine[], shape: LabShape, n: number, warm: boolean): Promise<Rush> {
  const made: Dockerode.Container[] = [];
  const on = (i: number) => engines[i % engines.length]!;
  const start = async (i: number) => {
    const name = `atelier-bench-floor-${randomBytes(4).toString('hex')}`;
    const c = await on(i).docker.createContainer({ ...shape, name });
    made.push(c);
    await c.start();
    return c;
  };
  const shell = async (c: Dockerode.Container) => {
    const s = await tty(c, ['bash', '-l']).catch(async (err: Error) => {
      const { State: st } = await c.inspect();
      throw new Error(`${err.message.trim()} (exit ${st.ExitCode}, OOM ${st.OOMKilled}, "${st.Error}")`);
    });
    await once(s, (t) => t.length > 0);
    s.destroy();
  };
  try {
    const tagged = (i: number, work: Promise<void>) =>
      work.catch((err: Error) => Promise.reject(new Error(`on ${on(i).name}: ${err.message.trim()}`)));
    if (!warm) return await rush(n, (i) => tagged(i, start(i).then(shell)));
    const ready: Dockerode.Container[] = [];
    for (let i = 0; i < n; i += 8)
      ready.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, k) => start(i + k)))));
    await sleep(2_000);
    return await rush(n, (i) => tagged(i, shell(ready[i]!)));
  } finally {
    await Promise.all(made.map((c) => c.remove({ force: true }).catch(() => undefined)));
  }
}

/** The second engine gets the base images through the product, as the integration test does. */
async function copyImages(enginesJson: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-two-engines-'));
  try {
    fs.cpSync(path.resolve('exercises/base'), path.join(tmp, 'exercises/base'), { recursive: true });
    const config = loadConfig({
      ATELIER_ENGINES: enginesJson,
      ATELIER_EXERCISES_DIR: path.join(tmp, 'exercises'),
      ATELIER_DATA_DIR: path.join(tmp, 'data'),
    });
    const { images, engines } = createSandbox(config);
    const log = () => undefined;
    await images.ensureBaseOs(log);
    await (await images.buildStaged({ first: ['base'], order: [] }, log)).rest();
    const counts = engines.status().map((v) => `${v.name} ${v.images.ready}/${v.images.total}`);
    console.log(`  images ready: ${counts.join(', ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A lab's create options (rush-floor's labShapes); failing that, floors.ts's bare base container. */
async function floorShape(): Promise<LabShape> {
  try {
    return (await labShapes([COURSE])).get(COURSE)!;
  } catch (err) {
    console.log(`  labShapes failed (${(err as Error).message}): the floor uses a bare atelier/base`);
    const HostConfig = { NetworkMode: 'none', Init: true };
    return { Image: 'atelier/base', Cmd: ['sleep', 'infinity'], HostConfig };
  }
}

type View = { name: string; used: { labs: number; pooled: number } };
const split = (views: View[], key: 'labs' | 'pooled') =>
  views.map((v) => `${v.name} ${v.used[key]}`).join(' · ');

async function platform(enginesJson: string, e2: SecondEngine): Promise<Rush & { split: string }> {
  const server = await benchServer({
    ATELIER_ENGINES: enginesJson,
    ATELIER_POOL_SIZES: `${COURSE}=${LEARNERS}`,
  });
  const learners: BenchLearner[] = [];
  try {
    const admin = httpClient(server.url);
    await admin.post('/api/auth/register', { username: 'bench-admin', password: 'benchmark-password' });
    const db = new Database(path.join(server.dataDir, 'atelier.db'));
    db.prepare("UPDATE users SET role = 'admin' WHERE username = 'bench-admin'").run();
    db.close();
    const filling = performance.now();
    for (;;) {
      const o = (await admin.get('/api/admin/overview')).body;
      const pool = o.pool.find((p: { courseId: string }) => p.courseId === COURSE);
      if (pool?.ready === LEARNERS) {
        console.log(
          `  pool of ${LEARNERS} ready in ${fmt(performance.now() - filling)}: ${split(o.engines, 'pooled')}`,
        );
        break;
      }
      if (performance.now() - filling > 900_000) throw new Error(`pool not full: ${JSON.stringify(pool)}`);
      await sleep(1_000);
    }
    for (let i = 0; i < LEARNERS; i++) learners.push(await benchLearner(server.url, `two-engines-${i}`));
    await sleep(2_000);
    const r = await rush(LEARNERS, (i) => startAndOpen(learners[i]!, COURSE));
    const views: View[] = (await admin.get('/api/admin/engines')).body.engines;
    const overview = (await admin.get('/api/admin/overview')).body;
    const pool = overview.pool.find((p: { courseId: string }) => p.courseId === COURSE);
    const onE2 = new Set(
      (await e2.docker().listContainers({ filters: { name: [`${server.instance}-lab-`] } })).map(
        (c) => c.Names[0]!.split('-lab-')[1],
      ),
    );
    const byEngine = new Map<string, number[]>();
    learners.forEach((l, i) => {
      const name = l.labId && onE2.has(l.labId) ? e2.name : 'local';
      const t = r.each[i];
      if (t !== undefined) byEngine.set(name, [...(byEngine.get(name) ?? []), t]);
    });
    return {
      ...r,
      byEngine,
      split: `${split(views, 'labs')} (pool hits ${pool.hits}, misses ${pool.misses})`,
    };
  } finally {
    learners.forEach((l) => l.socket.disconnect());
    await server.stop();
    // server.stop() removes the instance's containers on the default engine; floor B needs e2 as empty.
    const e2Docker = e2.docker();
    const left = await e2Docker.listContainers({ all: true, filters: { name: [server.instance] } });
    const remove = (id: string) => e2Docker.getContainer(id).remove({ force: true, v: true });
    // A removal racing the engine's own cleanup can fail once ("directory not empty"); e2.stop() wipes the rest.
    await Promise.all(
      left.map((c) =>
        remove(c.Id).catch(() =>
          sleep(1_000)
            .then(() => remove(c.Id))
            .catch((err: Error) => console.error(`  e2 cleanup: ${err.message}`)),
        ),
      ),
    );
  }
}

const failed = (r: Rush) => {
  if (!r.failures.length) return '';
  const by = new Map<string, number>();
  for (const f of r.failures) {
    const engine = /: on ([a-z0-9-]+):/.exec(f)?.[1] ?? '?';
    by.set(engine, (by.get(engine) ?? 0) + 1);
  }
  const where = [...by].map(([e, k]) => `${k} on ${e}`).join(', ');
  return `, ${r.failures.length} failed (${where}), e.g. ${r.failures[0]}`;
};

const line = (r: Rush) =>
  `all prompts ${fmt(r.lastMs)}; each p50/p95/max ${p50p95max(r.prompts)}; ` +
  `${r.prompts.length}/${LEARNERS} ok${failed(r)}`;

export async function twoEngines(): Promise<Row[]> {
  console.log(`${LEARNERS} learners over two engines, ${machine()}`);
  const e2 = await startSecondEngine({ name: 'e2' });
  try {
    const capacity = { labs: LEARNERS };
    const enginesJson = JSON.stringify([
      { ...localEngine(undefined), capacity },
      { ...e2.engineConfig(), capacity },
    ]);
    await copyImages(enginesJson);
    const shape = await floorShape();
    const clients = [
      { name: 'local', docker },
      { name: e2.name, docker: e2.docker() },
    ];
    const floors = async (tag: string) => {
      const cold = await floor(clients, shape, LEARNERS, false);
      console.log(`  floor ${tag}, cold: ${line(cold)}`);
      const warm = await floor(clients, shape, LEARNERS, true);
      console.log(`  floor ${tag}, warm: ${line(warm)}`);
      return { cold, warm };
    };
    const a = await floors('A (before)');
    const p = await platform(enginesJson, e2);
    console.log(`  platform: ${line(p)}`);
    console.log(`  labs per engine: ${p.split}`);
    for (const [name, t] of p.byEngine!) console.log(`    on ${name}: ${t.length} learners, ${p50p95max(t)}`);
    const b = await floors('B (after)');
    const r = (f: (x: Rush) => number, x: Rush) => ratio(f(p), f(x));
    const p95 = (x: Rush) => summary(x.prompts).p95;
    const last = (x: Rush) => x.lastMs;
    for (const [what, f] of [
      ['all prompts', last],
      ['per-learner p95', p95],
    ] as const)
      console.log(
        `  ${what}: ${r(f, a.cold)} / ${r(f, b.cold)} cold floor A / B; ${r(f, a.warm)} / ${r(f, b.warm)} warm`,
      );
    const floorText = (x: Rush) => `all ${fmt(x.lastMs)}, p95 ${fmt(p95(x))}`;
    return [
      {
        bench: `${LEARNERS} learners over two engines, pool pre-scaled (${p.split})`,
        measured: line(p),
        floor:
          `cold A ${floorText(a.cold)} · B ${floorText(b.cold)}; ` +
          `warm A ${floorText(a.warm)} · B ${floorText(b.warm)}`,
        target: 'none fails; all prompts ≤ the cold floor',
      },
    ];
  } finally {
    await e2.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await twoEngines();
  for (const r of rows) console.log(`| ${r.bench} | ${r.measured} | ${r.floor} | ${r.target} |`);
  process.exit(0);
}
