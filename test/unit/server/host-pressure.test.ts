import { describe, expect, it } from 'vitest';
import { HostPressure, psiSomeAvg10 } from '../../../server/labs/host-pressure.js';

const psi = (some: number) =>
  `some avg10=${some.toFixed(2)} avg60=5.74 avg300=20.48 total=13847502082\n` +
  'full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';

describe('HostPressure', () => {
  it('reads `some avg10` from the kernel text', () => {
    expect(psiSomeAvg10(psi(12.34))).toBe(12.34);
    expect(psiSomeAvg10('full avg10=50.00 avg60=0 avg300=0 total=0')).toBeUndefined();
    expect(psiSomeAvg10(undefined)).toBeUndefined();
  });

  it('is busy from the threshold up, reading the file at most once a second', () => {
    let text = psi(59.9);
    let reads = 0;
    let now = 0;
    const p = new HostPressure({ busyPercent: 60, readPsi: () => (reads++, text), now: () => now });
    expect(p.busy()).toBe(false);
    text = psi(75);
    now = 999;
    expect(p.busy()).toBe(false); // cached
    expect(reads).toBe(1);
    now = 1_000;
    expect(p.busy()).toBe(true);
    expect(p.percent()).toBe(75);
    expect(reads).toBe(2);
  });

  it('falls back to the 1-minute load per CPU without PSI', () => {
    let now = 0;
    let load1 = 1;
    const p = new HostPressure({
      busyPercent: 60,
      readPsi: () => undefined,
      load: () => ({ load1, cpus: 2 }),
      now: () => now,
    });
    expect(p.percent()).toBe(50);
    expect(p.busy()).toBe(false);
    load1 = 5;
    now = 2_000;
    expect(p.percent()).toBe(100);
    expect(p.busy()).toBe(true);
  });

  it('is never busy at 100', () => {
    const p = new HostPressure({ busyPercent: 100, readPsi: () => psi(100) });
    expect(p.busy()).toBe(false);
  });

  it('reads this host (a number between 0 and 100)', () => {
    const pct = new HostPressure({ busyPercent: 60 }).percent();
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
  });
});
