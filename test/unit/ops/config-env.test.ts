import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEnvFile, ConfigError, loadConfig } from '../../../server/config.js';

function envFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-env-')), '.env');
  fs.writeFileSync(file, text);
  return file;
}

describe('configuration from the environment and a .env file', () => {
  it('fills what the real environment leaves unset; the real environment wins', () => {
    const file = envFile('ATELIER_PORT=4100\nATELIER_DEFAULT_LANG="en"\n# a comment\nATELIER_LAB_PIDS=300\n');
    const env: NodeJS.ProcessEnv = { ATELIER_ENV_FILE: file, ATELIER_PORT: '4200' };
    expect(applyEnvFile(env)).toBe(file);
    const c = loadConfig(env);
    expect(c.port).toBe(4200);
    expect(c.defaultLang).toBe('en');
    expect(c.lab.pidsLimit).toBe(300);
  });

  it('reads nothing when there is no file', () => {
    const env: NodeJS.ProcessEnv = { ATELIER_ENV_FILE: '/nonexistent/.env' };
    expect(applyEnvFile(env)).toBeUndefined();
    expect(env).toEqual({ ATELIER_ENV_FILE: '/nonexistent/.env' });
  });

  it('treats an empty value as unset (compose passes `${VAR:-}`)', () => {
    const c = loadConfig({ ATELIER_PUBLIC_ORIGIN: '', ATELIER_LOG_LEVEL: '', ATELIER_LAB_CPUS: '' });
    expect(c.publicOrigin).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.lab.nanoCpus).toBe(1e9);
    // ...except where empty is a choice: ATELIER_RUNTIME= means Docker's default runtime.
    expect(loadConfig({ ATELIER_RUNTIME: '' }).lab.runtime).toBe('');
    expect(loadConfig({}).lab.runtime).toBe('auto');
  });

  it('has defaults for the operations knobs', () => {
    const c = loadConfig({ ATELIER_DATA_DIR: '/srv/atelier' });
    expect(c.trustProxy).toBe(false); // no proxy trusted unless configured
    expect(c.metricsToken).toBeUndefined();
    expect(c.backup).toEqual({ dir: '/srv/atelier/backups', intervalMs: 24 * 3600_000, keep: 7 });
  });

  it('parses trust proxy as a boolean, a hop count or a list', () => {
    expect(loadConfig({ ATELIER_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ATELIER_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ATELIER_TRUST_PROXY: 'loopback, uniquelocal' }).trustProxy).toEqual([
      'loopback',
      'uniquelocal',
    ]);
    expect(loadConfig({ ATELIER_TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('lists every bad operations knob at once', () => {
    const bad = {
      ATELIER_LOG_LEVEL: 'loud',
      ATELIER_METRICS_TOKEN: 'short',
      ATELIER_BACKUP_KEEP: '0',
      ATELIER_BACKUP_INTERVAL_H: '-1',
      ATELIER_TRUST_PROXY: 'every one; really',
    };
    let err: unknown;
    try {
      loadConfig(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    for (const key of Object.keys(bad)) expect((err as Error).message).toContain(key);
  });
});
