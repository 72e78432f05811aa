// Checkpoints: does a save freeze the learner's terminal? A typist sends one key every 25 ms to a shell of a
// lab holding ~50 MB of its own files and times each key's echo: A (no save, the floor), B (saves one after
// the other), A again (this machine's speed drifts within minutes). Then a restore of that checkpoint to a
// prompt beside a cold start of the same course to a prompt (A/B/A: cold, restore, cold).
// Run: npx tsx bench/checkpoint-save.ts (PHASE_MS, SAVES, RUNS to change the sizes).
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../server/config.js';
import { labContainerName } from '../server/sandbox/container-profile.js';
import { docker } from '../test/support/docker-client.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';
import type { LabSpec, SandboxRuntime } from '../server/sandbox/sandbox-runtime.js';
import { fmt, machine, p50p95max, percentile, ratio, sleep } from './stats.js';

const PHASE_MS = Number(process.env.PHASE_MS ?? 10_000);
const SAVES = Number(process.env.SAVES ?? 4);
const RUNS = Number(process.env.RUNS ?? 5);
const KEY_GAP_MS = 25;
const LINE = 40; // keys before a Ctrl-U, so the line never wraps
const PROMPT = 'PR> ';
// The prompt is computed, so the echo of the line that sets it never matches the marker.
const SET_PROMPT = `PS1="$(echo P)R> "\r`;
/** ~50 MB: one 40 MB file of random bytes and 2000 files of 5 kB. */
const FILL =
  'head -c 40000000 /dev/urandom > /root/big.bin && mkdir -p /root/many && ' +
  'for i in $(seq 1 2000); do head -c 5000 /dev/urandom > /root/many/f$i; done && du -sm /root | cut -f1';

const config = loadConfig();
const instance = `${config.imagePrefix}-bck`;
const runtime = createSandbox({ ...config, instance }).runtime;
const spec = (): LabSpec => ({
  labId: `bck-${randomBytes(5).toString('hex')}`,
  userId: 'u-bench',
  courseId: 'c-bench',
  image: `${config.imagePrefix}/base`,
});

/** A shell on the lab that can wait for its output. */
async function shell(rt: SandboxRuntime, labId: string) {
  const term = await rt.openTerminal(labId, { cols: 120, rows: 40 });
  let text = '';
  const listeners = new Set<(chunk: string) => void>();
  term.onData((c) => {
    const s = c.toString('utf8');
    text += s;
    for (const l of listeners) l(s);
  });
  const until = async (marker: string, budgetMs = 30_000) => {
    const deadline = Date.now() + budgetMs;
    while (!text.includes(marker)) {
      if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(marker)} in ${budgetMs} ms`);
      await sleep(5);
    }
  };
  return { term, until, listeners, clear: () => (text = '') };
}

/** Keys every 25 ms for `ms` while `during` runs (when given, until it ends too); each key's echo delay. */
async function typing(sh: Awaited<ReturnType<typeof shell>>, ms: number, during?: () => Promise<void>) {
  const sent: number[] = [];
  const delays: number[] = [];
  const onData = (s: string) => {
    for (const ch of s) if (ch === 'a') delays.push(performance.now() - (sent.shift() ?? NaN));
  };
  sh.listeners.add(onData);
  let running = true;
  const work = during?.().finally(() => (running = false));
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end || (work && running); i++) {
    if (i % LINE === LINE - 1 && sent.length === 0) sh.term.write('\x15'); // Ctrl-U: keep the line short
    sent.push(performance.now());
    sh.term.write('a');
    await sleep(KEY_GAP_MS);
  }
  await work;
  // The last keys' echoes.
  const deadline = Date.now() + 10_000;
  while (sent.length && Date.now() < deadline) await sleep(5);
  sh.listeners.delete(onData);
  sh.term.write('\x15');
  return delays;
}

async function toPrompt(start: () => Promise<unknown>, labId: string): Promise<number> {
  const t0 = performance.now();
  await start();
  const sh = await shell(runtime, labId);
  sh.term.write(SET_PROMPT);
  await sh.until(PROMPT);
  const ms = performance.now() - t0;
  await sh.term.close();
  return ms;
}

const median = (v: number[]) => percentile(v, 50);

async function main() {
  const lab = spec();
  const labs = [lab.labId];
  try {
    await runtime.ensureLab(lab);
    const filled = await runtime.exec(lab.labId, ['bash', '-c', FILL], { timeoutMs: 300_000 });
    console.log(`checkpoint save, ${machine()}; lab holds ${filled.stdout.trim()} MB of its own files`);
    const sh = await shell(runtime, lab.labId);
    sh.term.write(SET_PROMPT);
    await sh.until(PROMPT);
    await typing(sh, 2_000); // warm-up

    const saves: number[] = [];
    const bytes: number[] = [];
    const a1 = await typing(sh, PHASE_MS);
    const b = await typing(sh, 0, async () => {
      for (let i = 0; i < SAVES; i++) {
        const t0 = performance.now();
        const c = await runtime.saveCheckpoint(lab.labId, 'bench');
        saves.push(performance.now() - t0);
        bytes.push(c.bytes);
        await sleep(500);
      }
    });
    const a2 = await typing(sh, PHASE_MS);
    // The control: the same commit paused (Docker's default), which the runtime does not do.
    const paused: number[] = [];
    const c = await typing(sh, 0, async () => {
      const container = docker.getContainer(labContainerName(instance, lab.labId));
      for (let i = 0; i < SAVES; i++) {
        const t0 = performance.now();
        const made = (await container.commit({ _query: { container: container.id, pause: true } })) as {
          Id: string;
        };
        paused.push(performance.now() - t0);
        await docker.getImage(made.Id).remove();
        await sleep(500);
      }
    });
    await sh.term.close();
    const floor = Math.max(percentile(a1, 95), percentile(a2, 95));
    console.log(`  echo, keys ${KEY_GAP_MS} ms apart (p50 / p95 / max):`);
    console.log(`    A  no save:        n=${a1.length} ${p50p95max(a1)}`);
    console.log(`    B  during saves:   n=${b.length} ${p50p95max(b)}`);
    console.log(`    A  no save again:  n=${a2.length} ${p50p95max(a2)}`);
    console.log(`    control, paused commits: n=${c.length} ${p50p95max(c)}`);
    const [p1, p2, pb] = [a1, a2, b].map((v) => percentile(v, 95));
    console.log(
      `    B p95 / A p95: ${ratio(pb ?? NaN, p1 ?? NaN)}, ${ratio(pb ?? NaN, p2 ?? NaN)}; ` +
        `B p95 − worse A p95: ${fmt((pb ?? NaN) - floor)} (target: B p95 ≤ 300 ms)`,
    );
    console.log(`  saves: ${saves.map((s) => fmt(s)).join(', ')}; checkpoint ${(bytes[0] ?? 0) / 1e6} MB`);
    console.log(`  paused commits (control): ${paused.map((s) => fmt(s)).join(', ')}`);

    // Restore to a prompt vs a cold start of the same course to a prompt.
    const cold = async () => {
      const fresh = spec();
      labs.push(fresh.labId);
      const ms = await toPrompt(() => runtime.ensureLab(fresh), fresh.labId);
      await runtime.remove(fresh.labId);
      return ms;
    };
    const restore = () => toPrompt(() => runtime.restoreCheckpoint(lab, 'bench'), lab.labId);
    const phases: Record<string, number[]> = { cold1: [], restore: [], cold2: [] };
    await cold(); // warm-up
    for (let i = 0; i < RUNS; i++) phases.cold1?.push(await cold());
    for (let i = 0; i < RUNS; i++) phases.restore?.push(await restore());
    for (let i = 0; i < RUNS; i++) phases.cold2?.push(await cold());
    const coldMedian = Math.max(median(phases.cold1 ?? []), median(phases.cold2 ?? []));
    console.log(`  to a prompt, medians of ${RUNS}:`);
    console.log(`    cold start:  ${fmt(median(phases.cold1 ?? []))}`);
    console.log(
      `    restore:     ${fmt(median(phases.restore ?? []))} (${((bytes[0] ?? 0) / 1e6).toFixed(0)} MB)`,
    );
    console.log(`    cold again:  ${fmt(median(phases.cold2 ?? []))}`);
    console.log(
      `    restore / cold (slower A): ${ratio(median(phases.restore ?? []), coldMedian)} (target ≤ 2×)`,
    );
  } finally {
    for (const id of labs) await runtime.remove(id).catch(() => undefined);
    await runtime.dropCheckpoints(lab.labId).catch(() => undefined);
  }
}

await main();
