// A neighbour's echo while one attacker's labs fork-bomb (SIGTERM ignored): A (no bombs), B (BOMBS labs
// at their PidsLimit), A again after the bombs' labs are deleted. Median and p95 of `echo` round trips.
import os from 'node:os';
import { docker } from '../test/support/docker-client.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { fmt, machine, sleep, summary } from './stats.js';

const BOMBS = Number(process.env.BOMBS ?? 10);
const ECHOES = Number(process.env.ECHOES ?? 30);
const BOMB = `nohup bash -c "trap '' TERM HUP; f(){ trap '' TERM; f|f& }; f" >/dev/null 2>&1 &\r`;

/** Echo round trips in the neighbour's shell, and a GET /api/health after each (the platform's latency). */
async function echoes(l: BenchLearner, url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ECHOES; i++) {
    const t0 = performance.now();
    const seen = l.waitFor(`E${i}x42`, 60_000);
    l.type(`echo E${i}x$((6*7))\r`);
    await seen;
    times.push(performance.now() - t0);
    const h0 = performance.now();
    await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
    health.push(performance.now() - h0);
    await sleep(200);
  }
  return times;
}
let health: number[] = [];

const line = (phase: string, t: number[]) => {
  const s = summary(t);
  return `  ${phase}: n=${s.n} median ${fmt(s.p50)} p95 ${fmt(s.p95)} max ${fmt(Math.max(...t))}`;
};

async function pidsOf(name: string): Promise<number> {
  const stats = (await docker.getContainer(name).stats({ stream: false })) as {
    pids_stats?: { current?: number };
  };
  return stats.pids_stats?.current ?? NaN;
}

export async function bombEcho(): Promise<void> {
  const server = await benchServer({ ATELIER_LABS_PER_IP: String(BOMBS + 1) });
  try {
    const neighbour = await benchLearner(server.url, 'neighbour');
    await startAndOpen(neighbour);
    await sleep(1_000);
    const a1 = await echoes(neighbour, server.url);
    const healthA1 = health;
    health = [];
    const bombers = [];
    for (let i = 0; i < BOMBS; i++) {
      const b = await benchLearner(server.url, `bomber${i}`);
      await startAndOpen(b);
      bombers.push(b);
    }
    for (const b of bombers) b.type(BOMB);
    await sleep(5_000); // every bomb at its pid limit
    const bombing = await echoes(neighbour, server.url);
    const healthB = health;
    health = [];
    const pids = await Promise.all(bombers.map((b) => pidsOf(`${server.instance}-lab-${b.labId}`)));
    const load = os.loadavg()[0]!.toFixed(1);
    const t0 = performance.now();
    await Promise.all(bombers.map((b) => b.http.del(`/api/labs/${b.labId}`)));
    const deleteMs = performance.now() - t0;
    const a2 = await echoes(neighbour, server.url);
    console.log(`neighbour echo, ${BOMBS} fork-bombing labs of one attacker, ${machine()}`);
    console.log(line('A  no bombs', a1));
    console.log(line(`B  ${BOMBS} bombs`, bombing));
    console.log(line('A  after   ', a2));
    console.log(line('/api/health A', healthA1));
    console.log(line('/api/health B', healthB));
    console.log(line('/api/health A after', health));
    console.log(
      `  during B: pids per bombing lab ${Math.min(...pids)}–${Math.max(...pids)}, load average ${load}`,
    );
    console.log(`  deleting the ${BOMBS} bombing labs: ${fmt(deleteMs)}`);
    for (const l of [neighbour, ...bombers]) l.socket.disconnect();
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bombEcho();
