// `seq 1 3000000` (25.9 MB) through the socket with the client acking as the browser does: MB/s, the
// server's RSS growth, then Ctrl-C under a `yes` flood: time until the prompt is back. Beside the same
// seq on a raw exec TTY.
import { benchLearner, startAndOpen } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { floorContainer, ptyThroughputFloor } from './floors.js';
import { PROMPT, SET_PROMPT } from './keystroke-echo.js';
import { fmt, machine, rssMiB, sleep, type Row } from './stats.js';

const CTRL_C_RUNS = Number(process.env.CTRL_C_RUNS ?? 5);

async function measure(): Promise<{ mbPerS: number; rssGrowth: number; ctrlC: number[] }> {
  const server = await benchServer();
  try {
    const l = await benchLearner(server.url, 'flood');
    await startAndOpen(l);
    const ready = l.waitFor(PROMPT);
    l.type(SET_PROMPT);
    await ready;
    await sleep(1_000);
    const rss0 = rssMiB(server.pid);
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid))), 50);
    const b0 = l.bytes;
    const t0 = performance.now();
    const done = l.waitFor('END-2', 120_000);
    l.type('seq 1 3000000; echo END-$((1+1))\r');
    await done;
    const mbPerS = (l.bytes - b0) / 1e6 / ((performance.now() - t0) / 1000);
    const ctrlC: number[] = [];
    for (let i = 0; i < CTRL_C_RUNS; i++) {
      l.type('yes\r');
      await sleep(1_000);
      const back = l.waitFor(PROMPT, 30_000);
      const t1 = performance.now();
      l.type('\x03');
      await back;
      ctrlC.push(performance.now() - t1);
    }
    clearInterval(sampler);
    l.socket.disconnect();
    return { mbPerS, rssGrowth: peak - rss0, ctrlC };
  } finally {
    await server.stop();
  }
}

export async function throughput(): Promise<Row[]> {
  const { mbPerS, rssGrowth, ctrlC } = await measure();
  const c = await floorContainer();
  const floor = await ptyThroughputFloor(c).finally(() => c.dispose());
  const worst = Math.max(...ctrlC);
  console.log(`throughput, ${machine()}`);
  console.log(
    `  seq 1 3000000 through the socket: ${mbPerS.toFixed(1)} MB/s; server RSS +${rssGrowth.toFixed(1)} MiB`,
  );
  console.log(
    `  Ctrl-C under yes → prompt back: ${ctrlC.map((t) => fmt(t)).join(', ')} (worst ${fmt(worst)})`,
  );
  console.log(`  floor: same seq on a raw exec TTY: ${floor.mbPerS.toFixed(1)} MB/s`);
  return [
    {
      bench: '`seq 1 3000000` through the socket',
      measured: `${mbPerS.toFixed(1)} MB/s; RSS +${rssGrowth.toFixed(0)} MiB; Ctrl-C worst ${fmt(worst)} of ${ctrlC.length}`,
      floor: `raw exec TTY ${floor.mbPerS.toFixed(1)} MB/s`,
      target: '≥ 10 MB/s; RSS < +50 MB; Ctrl-C ≤ 200 ms',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await throughput();
