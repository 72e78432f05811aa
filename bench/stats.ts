import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

export function summary(values: number[]) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** The Docker floor: `docker run --rm --network none <image> true`, timed from the CLI. */
export function dockerRunFloor(image: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync('docker', ['run', '--rm', '--network', 'none', image, 'true'], { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times;
}

export function machine(): string {
  const os = execFileSync('sh', [
    '-c',
    'nproc; free -g | awk "/Mem:/{print \\$2}"; docker version -f "{{.Server.Version}}"',
  ])
    .toString()
    .trim()
    .split('\n');
  return `${os[0]} cores, ${os[1]} GiB, Docker ${os[2]}, Node ${process.version}`;
}

/** One line of the results table (docs/PERFORMANCE.md). */
export interface Row {
  bench: string;
  measured: string;
  floor: string;
  target: string;
}

/** Resident memory of a process, in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The host's MemAvailable, in MiB. */
export function memAvailableMiB(): number {
  const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export const p50p95 = (v: number[]) => {
  const s = summary(v);
  return `${fmt(s.p50)} / ${fmt(s.p95)}`;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `p50 / p95 / max` of a series. */
export const p50p95max = (v: number[]) => `${p50p95(v)} / ${fmt(v.length ? Math.max(...v) : NaN)}`;

/** `a / b` as `1.23×`. */
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/**
 * This process's event-loop stalls from now until stop(): a 10 ms timer's lateness (≥ `stallMs` counts as
 * a stall; the longest) and perf_hooks' delay histogram (p99, max).
 */
export function stallMeter(stallMs = 50) {
  const TICK = 10;
  const histogram = monitorEventLoopDelay({ resolution: TICK });
  histogram.enable();
  let last = performance.now();
  let stalls = 0;
  let longestMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK;
    last = now;
    if (late >= stallMs) stalls++;
    longestMs = Math.max(longestMs, late);
  }, TICK);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      const p99Ms = histogram.percentile(99) / 1e6;
      return { stalls, longestMs, p99Ms, maxMs: histogram.max / 1e6 };
    },
  };
}
