import fs from 'node:fs';
import os from 'node:os';

/** Where the kernel publishes CPU pressure (PSI, Linux ≥ 4.20 with CONFIG_PSI). */
const PSI_CPU = '/proc/pressure/cpu';
/** Polled by every refill and auto-check that waits: one read per second is plenty. */
const CACHE_MS = 1_000;

export interface HostPressureDeps {
  /** `some avg10` must be at least this (percent) for the host to count as busy; 100: never busy. */
  busyPercent: number;
  /** The text of /proc/pressure/cpu, or undefined when the kernel has none (tests pass a fake). */
  readPsi?: () => string | undefined;
  /** 1-minute load average and CPU count, for hosts without PSI. */
  load?: () => { load1: number; cpus: number };
  now?: () => number;
}

function readPsiFile(): string | undefined {
  try {
    return fs.readFileSync(PSI_CPU, 'utf8');
  } catch {
    return undefined;
  }
}

const hostLoad = () => ({ load1: os.loadavg()[0] ?? 0, cpus: os.availableParallelism() });

/**
 * How saturated the host's CPUs are, as a percent: the share of the last 10 s during which some task
 * waited for a CPU (PSI `some avg10`). Without PSI, the 1-minute load per CPU stands in (load 1 per CPU =
 * 100 %): coarser and slower to fall after a rush, but it says the same thing.
 */
export class HostPressure {
  private cached: { at: number; percent: number } | undefined;
  private readonly readPsi: () => string | undefined;
  private readonly load: () => { load1: number; cpus: number };
  private readonly now: () => number;

  constructor(private readonly d: HostPressureDeps) {
    this.readPsi = d.readPsi ?? readPsiFile;
    this.load = d.load ?? hostLoad;
    this.now = d.now ?? Date.now;
  }

  /** The current pressure in percent (0–100), read at most once a second. */
  percent(): number {
    const now = this.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.percent;
    const percent = psiSomeAvg10(this.readPsi()) ?? this.fromLoad();
    this.cached = { at: now, percent };
    return percent;
  }

  /** Saturated: background work (pool refills, automatic checks) should wait. */
  busy(): boolean {
    return this.d.busyPercent < 100 && this.percent() >= this.d.busyPercent;
  }

  private fromLoad(): number {
    const { load1, cpus } = this.load();
    return Math.min(100, (100 * load1) / Math.max(1, cpus));
  }
}

/** `some avg10=12.34 …` → 12.34; undefined when the text has no such line. */
export function psiSomeAvg10(text: string | undefined): number | undefined {
  const m = text && /^some\b.*?\bavg10=([\d.]+)/m.exec(text);
  return m ? Math.min(100, Number(m[1])) : undefined;
}
