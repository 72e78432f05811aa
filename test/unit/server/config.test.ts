import { describe, expect, it } from 'vitest';
import { ConfigError, hostLabCapacity, loadConfig, startWidth } from '../../../server/config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.defaultLang).toBe('fr');
    expect(c.lab.memoryBytes).toBe(512 * 1024 * 1024);
    expect(c.lab.nanoCpus).toBe(1e9);
    expect(c.registrationOpen).toBe(true);
  });

  it('lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({ ATELIER_PORT: 'abc', ATELIER_DEFAULT_LANG: 'de', ATELIER_LAB_PIDS: '3' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('ATELIER_PORT');
    expect(msg).toContain('ATELIER_DEFAULT_LANG');
    expect(msg).toContain('ATELIER_LAB_PIDS');
  });

  it('normalises the public origin', () => {
    expect(loadConfig({ ATELIER_PUBLIC_ORIGIN: 'https://atelier.example.org/' }).publicOrigin).toBe(
      'https://atelier.example.org',
    );
  });
});

describe('hostLabCapacity (the default ATELIER_MAX_LABS)', () => {
  const MiB = 1024 * 1024;
  it('takes the smallest of the pid, memory and CPU bounds', () => {
    // 2 cores, 24 GiB, pid_max 32768, 512 MiB / 256 pids per lab: pids 64, memory 184, CPU 60.
    expect(hostLabCapacity(512 * MiB, 256, { memBytes: 24 * 1024 * MiB, cpus: 2, pidMax: 32_768 })).toBe(60);
    // 4 GiB: memory 4 × 3 GiB / 512 MiB = 24.
    expect(hostLabCapacity(512 * MiB, 256, { memBytes: 4 * 1024 * MiB, cpus: 8, pidMax: 4_194_304 })).toBe(
      24,
    );
    // 1024 pids per lab: 32768 / 2 / 1024 = 16.
    expect(hostLabCapacity(512 * MiB, 1024, { memBytes: 64 * 1024 * MiB, cpus: 8, pidMax: 32_768 })).toBe(16);
    expect(hostLabCapacity(4096 * MiB, 256, { memBytes: 1024 * MiB, cpus: 1, pidMax: 32_768 })).toBe(1);
  });
  it('an explicit ATELIER_MAX_LABS wins; per IP defaults to half the host', () => {
    expect(loadConfig({ ATELIER_MAX_LABS: '10' }).admission).toEqual({
      maxLabs: 10,
      labsPerUser: 3,
      labsPerIp: 5,
    });
  });
});

describe('ATELIER_START_CONCURRENCY and ATELIER_HOST_BUSY_PRESSURE', () => {
  it('auto: 2 starts per CPU, 2..16; a number 1..64 wins', () => {
    expect(startWidth('auto', 1)).toBe(2);
    expect(startWidth('auto', 2)).toBe(4); // the 4 measured on 2 cores
    expect(startWidth('auto', 6)).toBe(12);
    expect(startWidth('auto', 64)).toBe(16);
    expect(loadConfig({ ATELIER_START_CONCURRENCY: '7' }).lifecycle.startConcurrency).toBe(7);
    expect(loadConfig({}).lifecycle.startConcurrency).toBe(startWidth('auto'));
    for (const bad of ['0', '65', 'many', '2.5'])
      expect(() => loadConfig({ ATELIER_START_CONCURRENCY: bad }), bad).toThrow(/ATELIER_START_CONCURRENCY/);
  });

  it('busy from 60 % of CPU pressure by default, 1..100', () => {
    expect(loadConfig({}).lifecycle.hostBusyPressure).toBe(60);
    expect(loadConfig({ ATELIER_HOST_BUSY_PRESSURE: '100' }).lifecycle.hostBusyPressure).toBe(100);
    expect(() => loadConfig({ ATELIER_HOST_BUSY_PRESSURE: '0' })).toThrow(/ATELIER_HOST_BUSY_PRESSURE/);
  });
});
