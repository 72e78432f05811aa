// Keystroke echo: one key through socket → server → exec TTY → bash → server → socket, against the same
// key on a raw exec TTY (no server): the difference is what the server adds.
import { benchLearner, startAndOpen } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { echoFloor, floorContainer } from './floors.js';
import { fmt, machine, p50p95, sleep, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 300);
// A fast typist (3000 keys/min) is 20 ms per key. Keys sent back to back would land inside the server's
// 5 ms output-coalescing window and measure that window instead of the path.
const KEY_GAP_MS = 20;
// The prompt is computed, so the echo of the line that sets it never matches the marker.
export const SET_PROMPT = `PS1="$(echo P)R> "\r`;
export const PROMPT = 'PR> ';

export async function keystrokeEcho(): Promise<Row[]> {
  const server = await benchServer();
  const times: number[] = [];
  try {
    const l = await benchLearner(server.url, 'typist');
    await startAndOpen(l);
    const ready = l.waitFor(PROMPT);
    l.type(SET_PROMPT);
    await ready;
    for (let i = 0; i < RUNS + 20; i++) {
      const t0 = performance.now();
      const echoed = l.waitFor('a');
      l.type('a');
      await echoed;
      if (i >= 20) times.push(performance.now() - t0);
      if (i % 50 === 49) l.type('\x15'); // Ctrl-U: keep the line short
      await sleep(KEY_GAP_MS);
    }
    l.socket.disconnect();
  } finally {
    await server.stop();
  }
  const c = await floorContainer();
  const floor = await echoFloor(c, RUNS, KEY_GAP_MS).finally(() => c.dispose());
  const s = summary(times);
  const f = summary(floor);
  const added = { p50: s.p50 - f.p50, p95: s.p95 - f.p95 };
  console.log(`keystroke echo, ${machine()}`);
  console.log(`  through the server: n=${s.n} p50 ${fmt(s.p50)} p95 ${fmt(s.p95)}`);
  console.log(`  floor raw exec TTY:  n=${f.n} p50 ${fmt(f.p50)} p95 ${fmt(f.p95)}`);
  console.log(`  added by the server: p50 ${fmt(added.p50)} p95 ${fmt(added.p95)} (target p95 ≤ 3 ms)`);
  return [
    {
      bench: `keystroke echo, added by the server (keys ${KEY_GAP_MS} ms apart)`,
      measured: `${fmt(added.p50)} / ${fmt(added.p95)} (end to end ${p50p95(times)})`,
      floor: `raw exec TTY echo ${p50p95(floor)}`,
      target: 'p95 ≤ 3 ms',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await keystrokeEcho();
