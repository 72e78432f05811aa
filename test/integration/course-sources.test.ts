// Course sources end to end: a course library in a local bare git repository (no network), fetched by the
// real server, validated and tested in real labs, then served; an update that passes, one that breaks the
// course (the old version still serves), a force-push, an unreachable source, an id taken twice, a restart
// serving the last good version, and one library serving two platform instances at once.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../support/git.js';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { closeDatabase, openDatabase } from '../../server/store/database.js';
import { SourcesRepo } from '../../server/store/sources-repo.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/course-library');
const root = mkdtempSync(path.join(os.tmpdir(), 'course-sources-'));
const work = path.join(root, 'work');
const bare = path.join(root, 'library.git');
const COURSE = path.join(work, 'lib-notes');

/** Commits the work tree and pushes it to the bare repository's main; returns the commit. */
function publish(message: string, force = false): string {
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', message);
  git(work, 'push', '--quiet', ...(force ? ['--force'] : []), 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
}

type Client = Awaited<ReturnType<typeof userWithRole>>['client'];

/** Waits (no time assertion) until the source's update is over; returns its record. */
async function settled(admin: Client, id: string) {
  for (;;) {
    const list = (await admin.get('/api/admin/sources')).body as { id: string; status: string }[];
    const s = list.find((x) => x.id === id);
    if (!s) throw new Error(`no source ${id}`);
    if (s.status !== 'updating') return s as Record<string, unknown> & { id: string; status: string };
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('course sources', () => {
  let a: TestServer;
  let admin: Client;
  let sourceId: string;
  const versions: string[] = [];

  beforeAll(async () => {
    git(root, 'init', '--quiet', '--bare', bare);
    git(root, 'init', '--quiet', work);
    git(work, 'remote', 'add', 'origin', bare);
    cpSync(FIXTURE, work, { recursive: true });
    versions.push(publish('v1'));
    a = await startTestServer();
    await a.app.sources.ready;
    admin = (await userWithRole(a, 'bibliothecaire', 'admin')).client;
  });

  afterAll(async () => {
    await a?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('only admins see the sources', async () => {
    const learner = (await userWithRole(a, 'lecteur', 'learner')).client;
    expect((await learner.get('/api/admin/sources')).status).toBe(403);
    expect((await learner.post('/api/admin/sources', { url: bare })).status).toBe(403);
  });

  it('an added source is fetched, tested in a lab, then served', { timeout: 180_000 }, async () => {
    const added = await admin.post('/api/admin/sources', { url: bare, ref: 'main' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'git', url: bare, ref: 'main', status: 'updating' });
    sourceId = added.body.id;
    const s = await settled(admin, sourceId);
    expect(s).toMatchObject({
      status: 'ok',
      currentVersion: versions[0],
      serving: ['lib-notes'],
      lastErrors: [],
    });
    expect(s.updatedAt).toEqual(expect.any(Number));
    const course = await admin.get('/api/courses/lib-notes');
    expect(course.status).toBe(200);
    expect(course.body.exercises.map((e: { id: string }) => e.id)).toEqual(['note']);
    expect((await admin.get('/api/courses')).body.map((c: { id: string }) => c.id)).toContain('lib-notes');
    // Checkouts hold the version in service only, without git's metadata.
    const kept = execFileSync('ls', ['-A', path.join(a.dataDir, 'sources', sourceId)], { encoding: 'utf8' });
    expect(kept.trim()).toBe(versions[0]);
  });

  it('refuses a URL it cannot use and a source added twice', async () => {
    const bad = await admin.post('/api/admin/sources', { url: 'ext::sh -c touch% /tmp/pwned' });
    expect(bad.body.error.reason).toBe('invalid-source');
    const relative = await admin.post('/api/admin/sources', { url: 'library.git' });
    expect(relative.body.error.reason).toBe('invalid-source');
    const option = await admin.post('/api/admin/sources', { url: bare, ref: '--upload-pack=touch' });
    expect(option.body.error.reason).toBe('invalid-source');
    const twice = await admin.post('/api/admin/sources', { url: bare, ref: 'main' });
    expect(twice.body.error.reason).toBe('source-exists');
  });

  it('an update that passes replaces the version; progress stays', { timeout: 180_000 }, async () => {
    const learner = await userWithRole(a, 'apprenante', 'learner');
    a.app.repos.progress.recordAttempt(learner.user.id, 'lib-notes', 'note', true, {});
    const yaml = path.join(COURSE, 'course.yaml');
    const second = `  - id: seconde
    title: { fr: Une seconde note, en: A second note }
    checks:
      - { kind: file, id: seconde, path: /root/seconde.txt, exists: true }
`;
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8').replace('fr: Une note', 'fr: Des notes')}${second}`);
    writeFileSync(path.join(COURSE, 'lessons/seconde.fr.md'), '# Seconde\n\nCréez `/root/seconde.txt`.\n');
    writeFileSync(path.join(COURSE, 'lessons/seconde.en.md'), '# Second\n\nCreate `/root/seconde.txt`.\n');
    writeFileSync(path.join(COURSE, 'solutions/seconde.sh'), 'touch /root/seconde.txt\n');
    versions.push(publish('v2: a second exercise'));
    expect((await admin.post(`/api/admin/sources/${sourceId}/update`)).status).toBe(202);
    const s = await settled(admin, sourceId);
    expect(s).toMatchObject({ status: 'ok', currentVersion: versions[1] });
    const course = (await admin.get('/api/courses/lib-notes?lang=fr')).body;
    expect(course.exercises.map((e: { id: string }) => e.id)).toEqual(['note', 'seconde']);
    a.app.repos.progress.recordAttempt(learner.user.id, 'lib-notes', 'seconde', true, {});
    const progress = (await learner.client.get('/api/progress')).body as { exerciseId: string }[];
    expect(progress.map((p) => p.exerciseId).sort()).toEqual(['note', 'seconde']);
  });

  it(
    'an update that breaks a course keeps the version in service and says why',
    { timeout: 180_000 },
    async () => {
      const title = (await admin.get('/api/courses/lib-notes')).body.title;
      // The solution no longer solves the exercise: only the authoring test (in a lab) can tell.
      writeFileSync(path.join(COURSE, 'solutions/note.sh'), 'echo au revoir > /root/note.txt\n');
      publish('v3: a broken solution');
      await admin.post(`/api/admin/sources/${sourceId}/update`);
      const s = await settled(admin, sourceId);
      expect(s).toMatchObject({ status: 'failed', currentVersion: versions[1], serving: ['lib-notes'] });
      expect(s.lastErrors).toEqual([
        expect.objectContaining({ file: 'lib-notes/solutions/note.sh', field: 'exercises[0]' }),
      ]);
      expect((s.lastErrors as { message: string }[])[0]!.message).toContain('after solution');
      expect((await admin.get('/api/courses/lib-notes')).body.title).toBe(title);

      // A course module in a source is refused before any lab: a source runs nothing on the host.
      writeFileSync(path.join(COURSE, 'solutions/note.sh'), 'echo bonjour > /root/note.txt\n');
      writeFileSync(path.join(COURSE, 'course.ts'), 'export default {};\n');
      rmSync(path.join(COURSE, 'course.yaml'));
      publish('v3b: a course module');
      await admin.post(`/api/admin/sources/${sourceId}/update`);
      const refused = await settled(admin, sourceId);
      expect(refused).toMatchObject({ status: 'failed', currentVersion: versions[1] });
      expect(refused.lastErrors).toEqual([
        expect.objectContaining({
          file: 'lib-notes/course.ts',
          message: expect.stringContaining('course.ts is refused'),
        }),
      ]);
    },
  );

  it(
    'a force-push is fetched; a removed exercise stays in the learner history',
    { timeout: 180_000 },
    async () => {
      // History rewritten: one new root commit holding v1 only, pushed over main.
      git(work, 'checkout', '--quiet', '--orphan', 'rewritten');
      rmSync(COURSE, { recursive: true, force: true });
      cpSync(FIXTURE, work, { recursive: true });
      versions.push(publish('v4: history rewritten', true));
      await admin.post(`/api/admin/sources/${sourceId}/update`);
      const s = await settled(admin, sourceId);
      expect(s).toMatchObject({ status: 'ok', currentVersion: versions[2], lastErrors: [] });
      const course = (await admin.get('/api/courses/lib-notes')).body;
      expect(course.exercises.map((e: { id: string }) => e.id)).toEqual(['note']);
      const learner = await userWithRole(a, 'historienne', 'learner');
      a.app.repos.progress.recordAttempt(learner.user.id, 'lib-notes', 'seconde', true, {});
      const progress = (await learner.client.get('/api/progress')).body as { exerciseId: string }[];
      expect(progress.map((p) => p.exerciseId)).toEqual(['seconde']);
    },
  );

  it('an unreachable source fails clearly and replaces nothing', { timeout: 60_000 }, async () => {
    const gone = await admin.post('/api/admin/sources', { url: 'file:///nowhere/library.git' });
    expect(gone.status).toBe(201);
    const failed = await settled(admin, gone.body.id);
    expect(failed).toMatchObject({ status: 'failed', currentVersion: null, serving: [] });
    expect((failed.lastErrors as { message: string }[])[0]!.message).toMatch(/git clone failed: .*nowhere/);

    renameSync(bare, `${bare}.away`);
    try {
      await admin.post(`/api/admin/sources/${sourceId}/update`);
      const s = await settled(admin, sourceId);
      expect(s).toMatchObject({ status: 'failed', currentVersion: versions[2], serving: ['lib-notes'] });
      expect((await admin.get('/api/courses/lib-notes')).status).toBe(200);
    } finally {
      renameSync(`${bare}.away`, bare);
    }
  });

  it('refuses a course id another source already serves', { timeout: 60_000 }, async () => {
    const twin = await admin.post('/api/admin/sources', { url: `file://${bare}` });
    const s = await settled(admin, twin.body.id);
    expect(s).toMatchObject({ status: 'failed', serving: [] });
    expect(s.lastErrors).toEqual([
      expect.objectContaining({
        field: 'id',
        message: expect.stringContaining(`already taken by source ${sourceId}`),
      }),
    ]);
    expect((await admin.del(`/api/admin/sources/${twin.body.id}`)).status).toBe(204);
  });

  it(
    'after a restart, serves the last good version without testing it again',
    { timeout: 60_000 },
    async () => {
      const { dataDir, instance } = a;
      await a.close();
      // A second source whose update was running when the server stopped.
      const db = openDatabase(path.join(dataDir, 'atelier.db'));
      new SourcesRepo(db).add({ id: 'src-cut', kind: 'git', url: bare, ref: 'v0' });
      db.prepare(
        `UPDATE course_sources SET status = 'updating', attempted_at = 1 WHERE id = 'src-cut'`,
      ).run();
      await closeDatabase(db);
      a = await startTestServer({ dataDir, instance });
      await a.app.sources.ready;
      admin = (await userWithRole(a, 'bibliothecaire-2', 'admin')).client;
      const s = (await admin.get('/api/admin/sources')).body.find((x: { id: string }) => x.id === sourceId);
      expect(s).toMatchObject({ status: 'failed', currentVersion: versions[2], serving: ['lib-notes'] });
      expect((await admin.get('/api/courses/lib-notes')).status).toBe(200);
      const cut = (await admin.get('/api/admin/sources')).body.find(
        (x: { id: string }) => x.id === 'src-cut',
      );
      expect(cut).toMatchObject({ status: 'failed', serving: [] });
      expect(cut.lastErrors[0].message).toContain('the server stopped during this update');
      expect((await admin.del('/api/admin/sources/src-cut')).status).toBe(204);
    },
  );

  it('one library serves two platform instances at once', { timeout: 180_000 }, async () => {
    const b = await startTestServer();
    try {
      await b.app.sources.ready;
      const adminB = (await userWithRole(b, 'bibliothecaire-b', 'admin')).client;
      const added = await adminB.post('/api/admin/sources', { url: bare, ref: 'main' });
      const s = await settled(adminB, added.body.id);
      expect(s).toMatchObject({ status: 'ok', currentVersion: versions[2], serving: ['lib-notes'] });
      const [fromA, fromB] = await Promise.all(
        [a, b].map((srv) => fetch(`${srv.url}/api/courses/lib-notes`)),
      );
      expect(fromA!.status).toBe(200);
      expect(await fromB!.json()).toEqual(await fromA!.json());
      expect(b.dataDir).not.toBe(a.dataDir);

      // Removing the source from one instance leaves the other's untouched.
      expect((await adminB.del(`/api/admin/sources/${added.body.id}`)).status).toBe(204);
      expect((await fetch(`${b.url}/api/courses/lib-notes`)).status).toBe(404);
      expect((await fetch(`${a.url}/api/courses/lib-notes`)).status).toBe(200);
    } finally {
      await b.close();
    }
  });
});
