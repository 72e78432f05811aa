// Cold time-to-shell: POST /api/labs (a new container) → terminal:open → first output byte on the
// socket, for N fresh learners, beside the Docker floor measured in the same run.
import { startTestServer, httpClient } from '../test/support/server.js';
import { connectSocket } from '../test/support/socket-client.js';
import { dockerRunFloor, fmt, machine, summary } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 20);

export async function timeToShell() {
  const server = await startTestServer();
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      const user = httpClient(server.url);
      await user.post('/api/auth/register', { username: `bench${i}`, password: 'benchmark-password' });
      const socket = await connectSocket(server.url, user.cookie);
      const t0 = performance.now();
      const lab = await user.post('/api/labs', { courseId: 'premiers-pas' });
      const firstByte = new Promise<void>((resolve) => socket.once('terminal:output', () => resolve()));
      const ack = await socket.emitWithAck('terminal:open', { labId: lab.body.id, cols: 80, rows: 24 });
      if (!ack.ok) throw new Error(`terminal:open failed: ${ack.message}`);
      await firstByte;
      if (i >= 2) times.push(performance.now() - t0); // two warm-up runs
      socket.disconnect();
    }
  } finally {
    await server.close();
  }
  const floor = dockerRunFloor('atelier/base', RUNS);
  const s = summary(times);
  const f = summary(floor);
  console.log(`time-to-shell (cold), ${machine()}`);
  console.log(`  atelier POST /api/labs → first prompt byte: n=${s.n} p50 ${fmt(s.p50)} p95 ${fmt(s.p95)}`);
  console.log(`  floor docker run --rm --network none … true: n=${f.n} p50 ${fmt(f.p50)} p95 ${fmt(f.p95)}`);
  console.log(`  ratio p95: ${(s.p95 / f.p95).toFixed(2)}x (target ≤ 2x)`);
  return { s, f };
}

if (import.meta.url === `file://${process.argv[1]}`) await timeToShell();
