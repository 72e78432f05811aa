import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
