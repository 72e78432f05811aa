// `npm run backup` against a live server's database, then a restore into a stopped one.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);

describe('backup and restore (real server)', () => {
  let server: TestServer | undefined;
  afterAll(() => server?.close());

  it('backs up online with a verified copy, then restores it into a stopped server', async () => {
    server = await startTestServer();
    const { dataDir, instance } = server;
    const env = {
      ...process.env,
      ATELIER_DATA_DIR: dataDir,
      ATELIER_INSTANCE: instance,
      ATELIER_BACKUP_KEEP: '2',
    };
    const backup = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], { env });

    const alice = httpClient(server.url);
    await alice.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    // The server keeps writing while the copy is made.
    const writes = Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        httpClient(server!.url).post('/api/auth/register', { username: `w${i}`, password: 'long enough pw' }),
      ),
    );
    const made = await backup();
    await writes;
    expect(made.stdout).toMatch(/^backup .*atelier-\d{8}T\d{9}Z\.db \(\d+ bytes, \d+ ms\), integrity ok$/m);
    const file = /^backup (\S+)/.exec(made.stdout)![1]!;
    expect(path.dirname(file)).toBe(path.join(dataDir, 'backups'));
    expect((await backup('verify', file)).stdout).toContain(': ok');
    expect((await backup('list')).stdout).toContain(file);
    await backup();
    await backup();
    expect(fs.readdirSync(path.join(dataDir, 'backups'))).toHaveLength(2); // ATELIER_BACKUP_KEEP: the first went

    await alice.post('/api/auth/register', { username: 'late', password: 'registered after' });
    await expect(backup('verify', file)).rejects.toMatchObject({
      stderr: expect.stringContaining('no such file'),
    });
    const [latest] = (await backup('list')).stdout.split('\n');
    const chosen = latest!.split('\t')[2]!;
    await expect(backup('restore', chosen)).rejects.toMatchObject({
      stderr: expect.stringContaining('--yes'),
    });
    await server.close();
    server = undefined;

    const restored = await backup('restore', chosen, '--yes');
    expect(restored.stdout).toContain('previous database:');
    server = await startTestServer({ dataDir, instance });
    const login = (username: string, password: string) =>
      httpClient(server!.url).post('/api/auth/login', { username, password });
    expect((await login('alice', 'correct horse')).status).toBe(200);
    expect((await login('late', 'registered after')).status).toBe(401); // after the backup: gone
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('atelier.db.before-restore-'))).toBe(true);
  });
});

describe('a migration failure at start', () => {
  it('stops the server with a clear message, after a backup, and leaves the database as it was', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-badmig-'));
    const file = path.join(dataDir, 'atelier.db');
    // A database the first migration cannot apply to: its table exists, its version is not recorded.
    const db = new Database(file);
    db.exec(
      "CREATE TABLE users (id TEXT PRIMARY KEY, note TEXT); INSERT INTO users VALUES ('u1', 'keep me');",
    );
    db.close();
    const contents = () => {
      const d = new Database(file, { readonly: true });
      const all = {
        schema: d.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all(),
        rows: d.prepare('SELECT * FROM users').all(),
      };
      d.close();
      return all;
    };
    const before = contents();
    const env = {
      ...process.env,
      ATELIER_DATA_DIR: dataDir,
      ATELIER_PORT: '0',
      ATELIER_BUILD_IMAGES: 'never',
      ATELIER_INSTANCE: `atelier-m${process.pid}`,
      ATELIER_LOG_LEVEL: 'warn',
    };
    const start = run(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, timeout: 60_000 });
    const err = await start.then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain(
      'migration 1 (users, sessions, labs, progress) failed: table users already exists',
    );
    expect(err?.stderr).toContain('The database was left as it was; nothing started.');
    // Untouched: no schema_migrations table, no half-applied migration (only the journal mode is now WAL).
    expect(contents()).toEqual(before);
    const [backup] = fs.readdirSync(path.join(dataDir, 'backups'));
    const copy = new Database(path.join(dataDir, 'backups', backup!), { readonly: true });
    expect(copy.prepare('SELECT note FROM users').pluck().get()).toBe('keep me');
    copy.close();
  });
});
