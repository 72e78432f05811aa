import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

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
