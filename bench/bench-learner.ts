// A scripted learner for benchmarks: account, socket, lab, terminal. Output is acked chunk by chunk like
// the browser does, and only a short tail is kept (a flood must not cost the bench client memory).
import { httpClient } from '../test/support/server.js';
import { connectSocket, type TestSocket } from '../test/support/socket-client.js';

export interface BenchLearner {
  http: ReturnType<typeof httpClient>;
  socket: TestSocket;
  labId?: string;
  terminalId?: string;
  /** Bytes received on the terminal so far. */
  bytes: number;
  /** Resolves when the terminal's output from now on contains `marker` (call it before typing). */
  waitFor(marker: string, budgetMs?: number): Promise<void>;
  type(data: string): void;
}

/** A registered learner; with `joinCode`, one who joins a class by its code instead (the account comes with it). */
export async function benchLearner(url: string, name: string, joinCode?: string): Promise<BenchLearner> {
  const http = httpClient(url);
  const password = 'benchmark-password';
  const res = joinCode
    ? await http.post('/api/join', { code: joinCode, displayName: name, password })
    : await http.post('/api/auth/register', { username: name, password });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const socket = await connectSocket(url, http.cookie);
  let tail = '';
  const waiters: { marker: string; resolve: () => void }[] = [];
  const learner: BenchLearner = {
    http,
    socket,
    bytes: 0,
    waitFor(marker, budgetMs = 30_000) {
      tail = ''; // only what arrives from now on
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: no "${marker}" after ${budgetMs} ms`)),
          budgetMs,
        );
        waiters.push({ marker, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    type(data) {
      socket.emit('terminal:input', { terminalId: learner.terminalId!, data });
    },
  };
  socket.on('terminal:output', ({ terminalId, data }) => {
    if (terminalId !== learner.terminalId) return;
    const buf = Buffer.from(data as ArrayBuffer);
    learner.bytes += buf.length;
    socket.emit('terminal:ack', { terminalId, bytes: buf.length });
    tail = (tail + buf.toString('latin1')).slice(-256);
    for (const w of [...waiters]) {
      if (!tail.includes(w.marker)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      tail = '';
      w.resolve();
    }
  });
  return learner;
}

/**
 * POST /api/labs → terminal:open → first output byte; returns the milliseconds it took. `split.postMs`
 * receives the share of the POST (the lab running and set up) and `split.openMs` the time to terminal:open's
 * ack, for benches that say what dominates.
 */
export async function startAndOpen(
  l: BenchLearner,
  courseId = 'premiers-pas',
  split: { postMs?: number; openMs?: number } = {},
): Promise<number> {
  const t0 = performance.now();
  const lab = await l.http.post('/api/labs', { courseId });
  if (lab.status !== 200) throw new Error(`POST /api/labs: ${lab.status} ${JSON.stringify(lab.body)}`);
  split.postMs = performance.now() - t0;
  l.labId = lab.body.id;
  const firstByte = new Promise<void>((resolve) => l.socket.once('terminal:output', () => resolve()));
  const ack = await l.socket.emitWithAck('terminal:open', { labId: l.labId!, cols: 80, rows: 24 });
  split.openMs = performance.now() - t0;
  if (!ack.ok) throw new Error(`terminal:open: ${ack.message}`);
  l.terminalId = ack.terminalId;
  await firstByte;
  return performance.now() - t0;
}

/**
 * Keystroke echo on the learner's open terminal: one key, its echo, `gapMs`, again, until `stop()`; the
 * milliseconds of each. The prompt is set first so that the key is the only thing that can match.
 */
export async function echoWhile(l: BenchLearner, gapMs: number, stop: () => boolean): Promise<number[]> {
  const ready = l.waitFor('PR> ');
  l.type(`PS1="$(echo P)R> "\r`); // computed: the echo of this line never matches the marker
  await ready;
  const times: number[] = [];
  for (let i = 0; !stop(); i++) {
    const t0 = performance.now();
    const echoed = l.waitFor('a');
    l.type('a');
    await echoed;
    times.push(performance.now() - t0);
    if (i % 50 === 49) l.type('\x15'); // Ctrl-U: keep the line short
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return times;
}
