// The admin CLI's commands and GET /api/admin/overview against a running server and the real Docker Engine.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as admin from '../../scripts/admin-commands.js';
import { openDatabase, type Db } from '../../server/store/database.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
const DAY = 24 * 3600 * 1000;
const ORPHAN = 'orphan0123456789';

describe('admin CLI and overview (real Docker)', () => {
  let server: TestServer;
  let db: Db; // a second connection, like the CLI running beside the server
  const ctx = () => ({ db, runtime: server.runtime });

  beforeAll(async () => {
    server = await startTestServer();
    db = openDatabase(path.join(server.dataDir, 'atelier.db'));
  });
  afterAll(async () => {
    await server?.runtime.remove(ORPHAN);
    db?.close();
    await server?.close();
  });

  it('keeps the overview for admins; creates an admin with a generated password', async () => {
    const alice = httpClient(server.url);
    expect((await alice.get('/api/admin/overview')).status).toBe(401);
    await alice.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    expect((await alice.get('/api/admin/overview')).body.error.reason).toBe('forbidden');

    const { user, generated } = await admin.createUser(ctx(), 'root-admin', 'admin');
    expect(user.role).toBe('admin');
    expect(generated).toMatch(/^[\w-]{16}$/);
    await expect(admin.createUser(ctx(), 'ALICE', 'learner', 'another password')).rejects.toThrow(/taken/);

    const lab = await alice.post('/api/labs', { courseId: 'premiers-pas' });
    expect(lab.body.state).toBe('running');
    const boss = httpClient(server.url);
    expect((await boss.post('/api/auth/login', { username: 'root-admin', password: generated })).status).toBe(
      200,
    );
    const o = await boss.get('/api/admin/overview');
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({
      docker: { ok: true },
      labs: { running: 1, total: 1, byState: { running: 1 } },
      users: { total: 2, byRole: { admin: 1, learner: 1 } },
      backups: { count: 0 },
    });
    expect(o.body.host.memory.totalBytes).toBeGreaterThan(o.body.host.memory.availableBytes);
    expect(o.body.host.disk.freeBytes).toBeGreaterThan(0);
  });

  it('lists and stops labs, then prunes old stopped labs and orphan containers', async () => {
    const [row] = await admin.listLabs(ctx());
    expect(row).toMatchObject({
      username: 'alice',
      courseId: 'premiers-pas',
      state: 'running',
      container: 'running',
    });
    await admin.stopLab(ctx(), row!.id);
    expect((await server.runtime.poll(row!.id)).state).toBe('stopped');
    await expect(admin.stopLab(ctx(), 'no-such-lab')).rejects.toThrow(admin.AdminError);

    // An orphan: a lab container of this instance with no database row (its user was deleted).
    const orphan = ORPHAN;
    await server.runtime.ensureLab({
      labId: orphan,
      userId: 'gone',
      courseId: 'premiers-pas',
      image: 'atelier/base',
    });

    expect(await admin.prune(ctx(), 30, true)).toEqual({ orphans: [orphan], stale: [] });
    expect((await server.runtime.poll(orphan)).state).toBe('running'); // dry run
    const later = { ...ctx(), now: () => Date.now() + 31 * DAY };
    expect(await admin.prune(later, 30)).toEqual({ orphans: [orphan], stale: [row!.id] });
    expect((await server.runtime.poll(orphan)).state).toBe('missing');
    expect((await server.runtime.poll(row!.id)).state).toBe('missing');
    expect(await admin.listLabs(ctx())).toEqual([]);
  });

  it('changes roles, resets passwords (ending sessions) and deletes users with their labs', async () => {
    const alice = httpClient(server.url);
    await alice.post('/api/auth/login', { username: 'alice', password: 'correct horse' });
    expect(admin.setRole(ctx(), 'alice', admin.parseRole('trainer')).role).toBe('trainer');
    expect(() => admin.parseRole('king')).toThrow(/unknown role/);
    const lab = await alice.post('/api/labs', { courseId: 'premiers-pas' });

    await admin.resetPassword(ctx(), 'alice', 'a brand new passphrase');
    expect((await alice.get('/api/me')).status).toBe(401);
    expect(
      (await alice.post('/api/auth/login', { username: 'alice', password: 'a brand new passphrase' })).status,
    ).toBe(200);

    expect(await admin.deleteUser(ctx(), 'alice')).toEqual({ labs: 1 });
    expect((await server.runtime.poll(lab.body.id)).state).toBe('missing');
    await expect(admin.deleteUser(ctx(), 'alice')).rejects.toThrow(/no user named/);
  });

  it('runs as `npm run admin`: help, usage errors, a password from stdin', async () => {
    const env = { ...process.env, ATELIER_DATA_DIR: server.dataDir, ATELIER_INSTANCE: server.instance };
    const cli = (args: string[], input?: string) => {
      const p = run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env });
      if (input !== undefined) p.child.stdin?.end(input);
      return p;
    };
    expect((await cli(['--help'])).stdout).toContain('create-user <username>');
    await expect(cli(['frobnicate'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command'),
    });
    const made = await cli(
      ['create-user', 'carol', '--role', 'trainer', '--password-stdin'],
      'carol passphrase\n',
    );
    expect(made.stdout).toBe('created carol (trainer)\n');
    const carol = httpClient(server.url);
    expect(
      (await carol.post('/api/auth/login', { username: 'carol', password: 'carol passphrase' })).body.role,
    ).toBe('trainer');
    expect((await cli(['list-users'])).stdout).toMatch(/^root-admin\tadmin\t/m);
  });
});
