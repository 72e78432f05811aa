// The trainer's demo with a class watching: the trainer's own keystroke echo without watchers and with 40
// watcher sockets on the demo, in alternating blocks (A/B/A/B/…/A, so a neighbour's load lands on both
// sides), beside the raw exec TTY echo (the Docker floor) measured in the same run; and how long after the
// trainer's echo each watcher gets it. The watchers run in a worker thread (their own event loop), so
// their client-side work does not delay the trainer's measurement; both threads stamp with the same clock
// (timeOrigin + now).
import Database from 'better-sqlite3';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { httpClient } from '../test/support/server.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { echoFloor, floorContainer } from './floors.js';
import { PROMPT, SET_PROMPT } from './keystroke-echo.js';
import { readFileSync } from 'node:fs';
import { fmt, machine, p50p95, sleep, summary, type Row } from './stats.js';

/** CPU time (user + system) the server process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const RUNS = Number(process.env.RUNS ?? 300);
const WATCHERS = Number(process.env.WATCHERS ?? 40);
const BLOCKS = 3; // B blocks; A blocks around and between them: A B A B A B A
const BLOCK = Math.ceil(RUNS / BLOCKS);
const KEY_GAP_MS = 20;
const WARMUP = 5;
const now = () => performance.timeOrigin + performance.now();

/** `BLOCK` keys on the trainer's shell (after a few unmeasured); each key's send and echo times (absolute ms). */
async function echoRun(l: BenchLearner) {
  const sent: number[] = [];
  const echoed: number[] = [];
  for (let i = 0; i < BLOCK + WARMUP; i++) {
    const t0 = now();
    const got = l.waitFor('a');
    l.type('a');
    await got;
    sent.push(t0);
    echoed.push(now());
    if (i % 50 === 49) l.type('\x15'); // Ctrl-U: keep the line short (its output has no 'a')
    await sleep(KEY_GAP_MS);
  }
  const times = echoed.map((e, i) => e - sent[i]!).slice(WARMUP);
  return { sent, echoed, times };
}

// The watchers: plain JavaScript in a worker thread. 'watch': each socket watches the demo and, after
// the replay (a reset), stamps every 'a' that arrives; 'unwatch': they stop and hand the stamps over.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require('socket.io-client');
const now = () => performance.timeOrigin + performance.now();
// The watchers stand for 40 other computers: this thread only (Linux nice is per thread) yields the two
// cores to the server and the trainer's client, so their work is not counted as the server's.
require('node:os').setPriority(10);
const watchers = [];
async function connect() {
  for (const cookie of workerData.cookies) {
    const s = io(workerData.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    await new Promise((res, rej) => (s.once('connect', res), s.once('connect_error', rej)));
    const w = { s, watchId: undefined, stamps: [], replayed: () => undefined };
    s.on('demo:output', (p) => {
      if (p.watchId !== w.watchId) return;
      if (p.reset) return w.replayed();
      const t = now();
      for (const b of Buffer.from(p.data)) if (b === 97) w.stamps.push(t);
    });
    watchers.push(w);
  }
}
// The demo's stream id is known before the ack: its replay may be read in the same tick as the ack.
async function watch(demoId) {
  await Promise.all(watchers.map(async (w) => {
    w.stamps = [];
    w.watchId = demoId;
    const replayed = new Promise((res) => (w.replayed = res));
    const ack = await w.s.emitWithAck('demo:watch', { classId: workerData.classId });
    if (!ack.ok) throw new Error('demo:watch: ' + ack.message);
    await replayed;
  }));
}
async function unwatch() {
  await Promise.all(watchers.map((w) => w.s.emitWithAck('demo:unwatch', { watchId: w.watchId })));
  const stamps = watchers.map((w) => w.stamps);
  for (const w of watchers) w.watchId = undefined;
  return stamps;
}
const reply = (p) => p.then((r) => parentPort.postMessage({ ok: true, stamps: r }), (err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
reply(connect());
parentPort.on('message', (m) => {
  if (m.watch) reply(watch(m.watch));
  else if (m === 'unwatch') reply(unwatch());
  else { for (const w of watchers) w.s.disconnect(); reply(Promise.resolve()); }
});
`;

function startWatchers(url: string, cookies: string[], classId: string) {
  const worker = new Worker(WORKER, { eval: true, workerData: { url, cookies, classId } });
  const next = () =>
    new Promise<number[][] | undefined>((resolve, reject) => {
      worker.once('message', (m: { error?: string; stamps?: number[][] }) =>
        m.error ? reject(new Error(m.error)) : resolve(m.stamps),
      );
      worker.once('error', reject);
    });
  const ask = (what: unknown) => {
    const done = next();
    worker.postMessage(what);
    return done;
  };
  return {
    connected: next(),
    watch: (demoId: string) => ask({ watch: demoId }),
    unwatch: async () => (await ask('unwatch')) ?? [],
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}

export async function demoWatchers(): Promise<Row[]> {
  const server = await benchServer();
  const a: number[] = [];
  /** The server's CPU time during the A and the B keys. */
  const cpu = { a: 0, b: 0 };
  const b: number[] = [];
  const lags: number[] = [];
  const endToEnd: number[] = [];
  let missing = 0;
  try {
    // The trainer: an account made trainer in the database (as an admin would), a class of WATCHERS.
    // The learners are put in the class in the database, as having joined long ago: a fresh join would
    // make the server warm a machine for each of them (the pool), which is not what this bench measures.
    const trainer = await benchLearner(server.url, 'formatrice');
    const db = new Database(path.join(server.dataDir, 'atelier.db'));
    db.prepare("UPDATE users SET role = 'trainer' WHERE username = 'formatrice'").run();
    const cls = await trainer.http.post('/api/classes', { name: 'Démo', courseIds: ['premiers-pas'] });
    if (cls.status !== 201 && cls.status !== 200)
      throw new Error(`class: ${cls.status} ${JSON.stringify(cls.body)}`);
    const cookies: string[] = [];
    for (let i = 0; i < WATCHERS; i++) {
      const http = httpClient(server.url);
      const username = `apprenant-${i}`;
      const res = await http.post('/api/auth/register', { username, password: 'benchmark-password' });
      if (res.status !== 201) throw new Error(`register ${i}: ${res.status}`);
      db.prepare(
        `INSERT INTO class_members (class_id, user_id, role, joined_at)
         SELECT ?, id, 'learner', 0 FROM users WHERE username = ?`,
      ).run(cls.body.id, username);
      cookies.push(http.cookie);
    }
    db.close();
    await startAndOpen(trainer);
    const ready = trainer.waitFor(PROMPT);
    trainer.type(SET_PROMPT);
    await ready;

    const watchers = startWatchers(server.url, cookies, cls.body.id);
    await watchers.connected;
    const demo = { classId: cls.body.id, labId: trainer.labId! };
    for (let block = 0; block <= BLOCKS; block++) {
      let cpu0 = cpuMs(server.pid);
      a.push(...(await echoRun(trainer)).times);
      cpu.a += cpuMs(server.pid) - cpu0;
      if (block === BLOCKS) break;
      // B: the demo runs and every watcher has its screen replayed before the keys.
      const started = await trainer.socket.emitWithAck('demo:start', demo);
      if (!started.ok) throw new Error(`demo:start: ${started.message}`);
      await watchers.watch(started.demoId);
      await sleep(200);
      cpu0 = cpuMs(server.pid);
      const run = await echoRun(trainer);
      cpu.b += cpuMs(server.pid) - cpu0;
      b.push(...run.times);
      await sleep(300);
      // The i-th 'a' a watcher got is the i-th key's echo: its delay after the trainer's own echo.
      for (const mine of await watchers.unwatch()) {
        missing += Math.max(0, run.echoed.length - mine.length);
        for (let i = WARMUP; i < Math.min(mine.length, run.echoed.length); i++) {
          lags.push(mine[i]! - run.echoed[i]!);
          endToEnd.push(mine[i]! - run.sent[i]!);
        }
      }
      await trainer.socket.emitWithAck('demo:stop', { classId: demo.classId });
      await sleep(200);
    }
    await watchers.close();
    trainer.socket.disconnect();
  } finally {
    await server.stop();
  }
  const c = await floorContainer();
  const floor = await echoFloor(c, RUNS, KEY_GAP_MS).finally(() => c.dispose());
  const [sa, sb, f] = [summary(a), summary(b), summary(floor)];
  const added = { p50: sb.p50 - sa.p50, p95: sb.p95 - sa.p95 };
  const lag = summary(lags);
  console.log(`trainer's demo, ${WATCHERS} watchers, ${machine()}`);
  console.log(`  trainer's echo, no watchers (A):  n=${sa.n} p50 ${fmt(sa.p50)} p95 ${fmt(sa.p95)}`);
  console.log(`  trainer's echo, ${WATCHERS} watchers (B): n=${sb.n} p50 ${fmt(sb.p50)} p95 ${fmt(sb.p95)}`);
  console.log(`  floor raw exec TTY:             n=${f.n} p50 ${fmt(f.p50)} p95 ${fmt(f.p95)}`);
  const perKey = { a: cpu.a / ((BLOCKS + 1) * (BLOCK + WARMUP)), b: cpu.b / (BLOCKS * (BLOCK + WARMUP)) };
  console.log(
    `  server CPU per key (echo and demo): A ${perKey.a.toFixed(2)} ms, B ${perKey.b.toFixed(2)} ms ` +
      `(+${(perKey.b - perKey.a).toFixed(2)} ms for ${WATCHERS} watchers)`,
  );
  console.log(
    `  added by ${WATCHERS} watchers: p50 ${fmt(added.p50)} p95 ${fmt(added.p95)} (target p95 ≤ 3 ms)`,
  );
  console.log(
    `  watchers after the trainer's echo: n=${lag.n} p50 ${fmt(lag.p50)} p95 ${fmt(lag.p95)} ` +
      `(key to watcher ${p50p95(endToEnd)}; ${missing} echoes missed) (target p95 ≤ 150 ms)`,
  );
  return [
    {
      bench: `trainer's keystroke echo with ${WATCHERS} demo watchers, added (A/B/…/A blocks, keys ${KEY_GAP_MS} ms apart)`,
      measured:
        `${fmt(added.p50)} / ${fmt(added.p95)} (B ${p50p95(b)}; A ${p50p95(a)}; ` +
        `server CPU per key +${(perKey.b - perKey.a).toFixed(2)} ms)`,
      floor: `raw exec TTY echo ${p50p95(floor)}`,
      target: 'p95 ≤ 3 ms',
    },
    {
      bench: `demo output at ${WATCHERS} watchers, after the trainer's own echo`,
      measured: `${fmt(lag.p50)} / ${fmt(lag.p95)} (key to watcher ${p50p95(endToEnd)})`,
      floor: `raw exec TTY echo ${p50p95(floor)}`,
      target: 'p95 ≤ 150 ms',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await demoWatchers();
