// The file editor's routes on the real engine, on one two-machine lab: listings, opening through links,
// saves that keep owner, group and mode, conflicts with the terminal, every refusal, tmpfs and bind-mounted
// paths, a full disk, a learner who broke their own tools, the second machine, a trainer following the
// learner's editor, and a stopped lab.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, recordedSocket, userWithRole, type Recorder } from '../support/classes-support.js';
import { fileClient } from '../support/file-client.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import type { TestSocket } from '../support/socket-client.js';

const FIXTURES = path.resolve('test/fixtures/courses');
const MiB = 1024 * 1024;
// A small /tmp, so a test can fill it.
const TMP_MB = 8;

describe('the file editor on a real lab', () => {
  let server: TestServer;
  let labId = '';
  let alice: ReturnType<typeof httpClient>;
  let trainerHttp: ReturnType<typeof httpClient>;
  let files: ReturnType<typeof fileClient>;
  const sockets: TestSocket[] = [];

  const sh = async (script: string, machine?: string) => {
    const r = await server.runtime.exec(labId, ['sh', '-c', script], { machine });
    if (r.exitCode !== 0) throw new Error(`${script}: ${r.exitCode} ${r.stderr}`);
    return r.stdout;
  };
  const stat = async (p: string) => (await sh(`stat -c '%U %G %a' ${p}`)).trim();
  /** Opens, saves `content` with the version opened, and checks the save kept what stat says. */
  const edit = async (p: string, content: string) => {
    const before = await stat(p);
    const opened = await files.open(p);
    expect(opened.status).toBe(200);
    const saved = await files.save(p, content, { expect: opened.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ created: false, machine: 'web', path: p });
    expect(saved.body.version).not.toBe(opened.body.version);
    expect(saved.etag).toBe(`"${saved.body.version}"`);
    expect(await stat(p)).toBe(before);
    expect(await sh(`cat ${p}`)).toBe(content);
    return saved.body;
  };

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: FIXTURES,
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_AUTO_CHECK_MS: '0',
        ATELIER_LAB_TMP_MB: String(TMP_MB),
      },
    });
    ({ client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer'));
    const cls = await trainerHttp.post('/api/classes', { name: 'Éditeur', courseIds: ['duo'] });
    alice = httpClient(server.url);
    await alice.post('/api/join', { code: cls.body.joinCode, displayName: 'Alice', password: PASSWORD });
    const lab = await alice.post('/api/labs', { courseId: 'duo' });
    expect(lab.status).toBe(200);
    labId = lab.body.id;
    files = fileClient(server.url, () => alice.cookie, labId);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('lists a directory: directories and links to them first, by name, with what links lead to', async () => {
    await sh('ln -s /nulle-part /etc/lien-casse && ln -s /etc/hostname /etc/lien-fichier');
    const root = await files.list('/');
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ machine: 'web', path: '/', truncated: false });
    const names = root.body.entries.map((e: { name: string }) => e.name);
    expect(names.indexOf('bin')).toBeLessThan(names.indexOf('boot'));
    expect(names.indexOf('var')).toBeLessThan(names.indexOf('.dockerenv'));
    const bin = root.body.entries.find((e: { name: string }) => e.name === 'bin');
    expect(bin).toMatchObject({ type: 'symlink', target: 'directory' });
    const dirs = (es: { type: string; target?: string }[]) =>
      es.map((e) => e.type === 'directory' || e.target === 'directory');
    expect(dirs(root.body.entries)).toEqual([...dirs(root.body.entries)].sort((a, b) => +b - +a));

    const etc = await files.list('/etc/');
    expect(etc.body.path).toBe('/etc');
    const byName = new Map(etc.body.entries.map((e: { name: string }) => [e.name, e]));
    expect(byName.get('hosts')).toMatchObject({ type: 'file', mode: 0o644 });
    expect(byName.get('sudoers.d')).toMatchObject({ type: 'directory' });
    expect(byName.get('lien-casse')).toMatchObject({ type: 'symlink', target: 'missing' });
    expect(byName.get('lien-fichier')).toMatchObject({ type: 'symlink', target: 'file' });
    const fileNames = etc.body.entries.filter((e: { type: string }) => e.type !== 'directory');
    const sorted = [...fileNames].sort((a, b) => a.name.localeCompare(b.name));
    expect(fileNames.map((e: { name: string }) => e.name)).toEqual(sorted.map((e) => e.name));

    expect((await files.list('/etc/hosts')).body.error.reason).toBe('not-a-directory');
    expect((await files.list('/nulle-part')).status).toBe(404);
  });

  it('opens a file through a link, giving its real path, owner and version', async () => {
    await sh('printf "un\\ndeux\\n" > /root/notes.txt && ln -s /root/notes.txt /root/lien');
    const opened = await files.open('/root/lien');
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      machine: 'web',
      path: '/root/lien',
      realPath: '/root/notes.txt',
      content: 'un\ndeux\n',
      mode: 0o644,
      uid: 0,
      owner: 'root',
      group: 'root',
      size: 8,
    });
    expect(opened.etag).toBe(`"${opened.body.version}"`);
    // Saving through the link writes the file it leads to; the link stays a link.
    const saved = await files.save('/root/lien', 'trois\n', { expect: opened.body.version });
    expect(saved.body.realPath).toBe('/root/notes.txt');
    expect(await sh('cat /root/notes.txt; test -L /root/lien && echo lien')).toBe('trois\nlien\n');
  });

  it('keeps owner, group and mode: sudoers, a private file, a setuid program, hard links', async () => {
    await sh(
      // An empty password field, as images without shadow files have: still bob's line.
      "groupadd -g 1600 bob && useradd -m -u 1500 -g bob bob && sed -i 's/^bob:x:/bob::/' /etc/passwd && " +
        'printf "bob ALL=(ALL) ALL\\n" > /etc/sudoers.d/bob && chmod 0440 /etc/sudoers.d/bob && ' +
        'echo secret > /home/bob/secret && chown bob:bob /home/bob/secret && chmod 0600 /home/bob/secret && ' +
        'printf "#!/bin/sh\\n" > /usr/local/bin/outil && chmod 4755 /usr/local/bin/outil && ' +
        'echo a > /root/a && ln /root/a /root/b',
    );
    const sudoers = await edit('/etc/sudoers.d/bob', 'bob ALL=(ALL) NOPASSWD: ALL\n');
    expect(sudoers).toMatchObject({ mode: 0o440, owner: 'root' });
    expect(await stat('/etc/sudoers.d/bob')).toBe('root root 440');
    const secret = await edit('/home/bob/secret', 'autre secret\n');
    expect(secret).toMatchObject({ mode: 0o600, uid: 1500, gid: 1600, owner: 'bob', group: 'bob' });
    expect(await stat('/home/bob/secret')).toBe('bob bob 600');
    await edit('/usr/local/bin/outil', '#!/bin/sh\necho outil\n');
    expect(await stat('/usr/local/bin/outil')).toBe('root root 4755');
    await edit('/root/a', 'les deux\n');
    expect(await sh('cat /root/b; stat -c %h /root/a')).toBe('les deux\n2\n');
  });

  it('creates a new file 0644 owned like its directory, and never over an existing one', async () => {
    const made = await files.save('/home/bob/nouveau.txt', 'neuf\n', { expect: 'new' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ created: true, mode: 0o644, owner: 'bob', group: 'bob', size: 5 });
    expect(await stat('/home/bob/nouveau.txt')).toBe('bob bob 644');
    const again = await files.save('/home/bob/nouveau.txt', 'écrasé\n', { expect: 'new' });
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('file-exists');
    expect(await sh('cat /home/bob/nouveau.txt; ls -a /home/bob | grep -c atelier || true')).toBe(
      'neuf\n0\n',
    );
    // Neither header overwrites; an empty body is an empty file.
    expect((await files.save('/home/bob/nouveau.txt', '')).status).toBe(200);
    expect(await sh('wc -c < /home/bob/nouveau.txt')).toBe('0\n');
  });

  it('refuses to save over a change made in the terminal, or a file deleted since it was opened', async () => {
    await sh('echo original > /root/conflit');
    const opened = await files.open('/root/conflit');
    await sh('echo x >> /root/conflit');
    const refused = await files.save('/root/conflit', 'mien\n', { expect: opened.body.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.reason).toBe('file-changed');
    expect(await sh('cat /root/conflit')).toBe('original\nx\n');
    // Reopened, both can be shown; the new version saves.
    const now = await files.open('/root/conflit');
    expect(now.body.content).toBe('original\nx\n');
    expect((await files.save('/root/conflit', 'mien\n', { expect: now.body.version })).status).toBe(200);

    const gone = await files.open('/root/conflit');
    await sh('rm /root/conflit');
    const deleted = await files.save('/root/conflit', 'revenu\n', { expect: gone.body.version });
    expect(deleted.body.error.reason).toBe('file-changed');
    expect(await sh('test -e /root/conflit || echo absent')).toBe('absent\n');
  });

  it('refuses binary files, big files, directories, devices, FIFOs, missing paths and JSON bodies', async () => {
    await sh(
      `head -c ${MiB + 1} /dev/zero | tr '\\0' a > /root/gros && head -c ${MiB} /dev/zero | tr '\\0' a > /root/juste && ` +
        'mkfifo /root/tube && echo garde > /root/garde',
    );
    const reason = async (p: Promise<{ status: number; body: { error?: { reason: string } } }>) => {
      const r = await p;
      return `${r.status} ${r.body.error?.reason}`;
    };
    expect(await reason(files.open('/usr/bin/ls'))).toBe('415 binary-file');
    const big = await files.open('/root/gros');
    expect(`${big.status} ${big.body.error.reason}`).toBe('413 file-too-big');
    expect(big.body.error.params).toEqual({ max: '1 Mio' });
    const whole = await files.open('/root/juste');
    expect(whole.body.size).toBe(MiB);
    expect((await files.save('/root/juste', whole.body.content, { expect: whole.body.version })).status).toBe(
      200,
    );
    expect(await reason(files.open('/etc'))).toBe('400 is-a-directory');
    expect(await reason(files.open('/dev/null'))).toBe('400 not-a-regular-file');
    expect(await reason(files.open('/root/tube'))).toBe('400 not-a-regular-file');
    expect(await reason(files.open('/nulle/part'))).toBe('404 no-such-file');
    expect(await reason(files.save('/root/tube', 'x'))).toBe('400 not-a-regular-file');
    expect(await reason(files.save('/etc', 'x'))).toBe('400 is-a-directory');
    expect(await reason(files.save('/nulle/part/x', 'x', { expect: 'new' }))).toBe('404 no-such-directory');
    expect(await reason(files.save('/root/garde', 'a'.repeat(MiB + 1)))).toBe('413 file-too-big');
    expect(await reason(files.save('/root/garde', Buffer.from([0x41, 0, 0x42])))).toBe('415 binary-file');
    const json = files.save('/root/garde', '{"content":"x"}', { contentType: 'application/json' });
    expect(await reason(json)).toBe('400 invalid-request');
    expect(await sh('cat /root/garde')).toBe('garde\n');
  });

  it('reads and writes tmpfs mounts and bind-mounted files as the shell sees them', async () => {
    expect(await sh('awk \'$2=="/tmp"||$2=="/dev/shm"{print $2, $3}\' /proc/mounts | sort')).toBe(
      '/dev/shm tmpfs\n/tmp tmpfs\n',
    );
    for (const dir of ['/tmp', '/dev/shm']) {
      expect((await files.save(`${dir}/edite.txt`, 'depuis l’éditeur\n', { expect: 'new' })).status).toBe(
        200,
      );
      expect(await sh(`cat ${dir}/edite.txt`)).toBe('depuis l’éditeur\n');
      await sh(`echo depuis le shell > ${dir}/shell.txt`);
      expect((await files.open(`${dir}/shell.txt`)).body.content).toBe('depuis le shell\n');
    }
    expect((await files.list('/tmp')).body.entries.map((e: { name: string }) => e.name)).toEqual([
      'edite.txt',
      'shell.txt',
    ]);

    // /etc/hosts is a file Docker bind-mounts: saved in place, the mount stays.
    const inode = await sh('stat -c %i /etc/hosts');
    const hosts = await files.open('/etc/hosts');
    await edit('/etc/hosts', `${hosts.body.content}10.0.0.9 jardins\n`);
    expect(await sh('stat -c %i /etc/hosts; grep -c " /etc/hosts " /proc/mounts')).toBe(`${inode}1\n`);
  });

  it('answers file-write-failed with the machine’s reason on a full disk, and keeps the original', async () => {
    // A hard-linked file is written in place: its space is reserved before its content is touched.
    await sh('echo original > /tmp/plein.txt && echo lié > /tmp/lie.txt && ln /tmp/lie.txt /tmp/lie2.txt');
    const opened = await files.open('/tmp/plein.txt');
    await sh(`head -c ${TMP_MB * MiB} /dev/zero > /tmp/remplissage 2>/dev/null || true`);
    for (const p of ['/tmp/plein.txt', '/tmp/lie.txt']) {
      const full = await files.save(p, 'x'.repeat(200_000));
      expect(full.status).toBe(422);
      expect(full.body.error.reason).toBe('file-write-failed');
      expect(full.body.error.params.detail).toMatch(/No space left on device/);
    }
    expect(await sh('cat /tmp/plein.txt /tmp/lie2.txt; ls -a /tmp | grep -c atelier-save || true')).toBe(
      'original\nlié\n0\n',
    );
    await sh('rm /tmp/remplissage');
    expect((await files.save('/tmp/plein.txt', 'ok\n', { expect: opened.body.version })).status).toBe(200);
  });

  it('still opens and saves files when the learner broke the lab’s own tools', async () => {
    await sh(
      'cp /usr/bin/mv /root/mv && mv /usr/bin/cat /usr/bin/stat /usr/bin/ls /root/ && chmod 000 /bin/bash',
    );
    try {
      const opened = await files.open('/root/notes.txt');
      expect(opened.body.content).toBe('trois\n');
      expect((await files.save('/root/notes.txt', 'quatre\n', { expect: opened.body.version })).status).toBe(
        200,
      );
      expect((await files.list('/root')).status).toBe(200);
    } finally {
      await sh('/root/mv /root/cat /root/stat /root/ls /usr/bin/ && chmod 755 /bin/bash');
    }
    expect(await sh('cat /root/notes.txt')).toBe('quatre\n');
  });

  it('keeps working when the learner kills or feeds garbage to the machine’s file server', async () => {
    expect((await files.open('/root/notes.txt')).status).toBe(200); // the server runs now
    expect(await sh('pgrep -x atelier-file | wc -l')).toBe('1\n');
    await sh('pkill -KILL -x atelier-file; true');
    const opened = await files.open('/root/notes.txt');
    expect(opened.body.content).toBe('quatre\n');
    // Bytes written into its stdin and stdout pipes from inside the lab: it stops, the next request works.
    await sh(
      'for p in $(pgrep -x atelier-file); do head -c 4096 /dev/urandom > /proc/$p/fd/0; ' +
        'head -c 4096 /dev/urandom > /proc/$p/fd/1; done; true',
    );
    const saved = await files.save('/root/notes.txt', 'cinq\n', { expect: opened.body.version });
    expect(saved.status).toBe(200);
    expect(await sh('cat /root/notes.txt')).toBe('cinq\n');
    expect((await files.open('/root/notes.txt')).body.content).toBe('cinq\n');
  });

  it('reaches the second machine by name, and only the owner’s lab', async () => {
    const app = await files.open('/srv/app-ready', 'app');
    expect(app.body).toMatchObject({ machine: 'app', content: 'app\n' });
    expect((await files.list('/srv', 'app')).body.entries.map((e: { name: string }) => e.name)).toEqual([
      'app-ready',
    ]);
    expect((await files.save('/srv/de-web', 'x', { machine: 'app', expect: 'new' })).status).toBe(200);
    expect(await sh('ls /srv', 'app')).toBe('app-ready\nde-web\n');
    const nope = await files.open('/srv/app-ready', 'nope');
    expect(`${nope.status} ${nope.body.error.reason}`).toBe('404 unknown-machine');

    const bob = httpClient(server.url);
    await bob.post('/api/auth/register', { username: 'bob', password: 'correct horse' });
    const theirs = fileClient(server.url, () => bob.cookie, labId);
    for (const r of [await theirs.list('/'), await theirs.open('/etc/hosts'), await theirs.save('/x', 'x')])
      expect(`${r.status} ${r.body.error.reason}`).toBe('404 unknown-lab');
  });

  it('shows the trainer watching the learner which file the editor shows, read-only', async () => {
    const learner = await recordedSocket(server, alice.cookie, sockets);
    const shown = (p: string | null, machine?: string) =>
      learner.socket.emitWithAck('editor:shown', { labId, path: p, ...(machine ? { machine } : {}) });
    expect(await shown('/root/notes.txt')).toMatchObject({ ok: true });

    const trainer: Recorder = await recordedSocket(server, trainerHttp.cookie, sockets);
    const watch = await trainer.socket.emitWithAck('terminal:watch', { labId });
    if (!watch.ok) throw new Error(`terminal:watch refused: ${watch.reason}`);
    expect(watch.file).toEqual({ machine: 'web', path: '/root/notes.txt' });
    const { watchId } = watch;

    expect(await shown('/srv/app-ready', 'app')).toMatchObject({ ok: true });
    await trainer.next('terminal:mirror-file', (p) => p.watchId === watchId && p.path === '/srv/app-ready');
    const opened = await files.open('/srv/app-ready', 'app');
    const saved = await files.save('/srv/app-ready', 'app v2\n', {
      machine: 'app',
      expect: opened.body.version,
    });
    const after = await trainer.next('terminal:mirror-file', (p) => p.version === saved.body.version);
    expect(after.payload).toEqual({
      watchId,
      machine: 'app',
      path: '/srv/app-ready',
      version: saved.body.version,
    });
    expect(await shown(null)).toMatchObject({ ok: true });
    await trainer.next('terminal:mirror-file', (p) => p.path === null);

    const reads = fileClient(server.url, () => trainerHttp.cookie, labId);
    expect((await reads.open('/srv/app-ready', 'app')).body.content).toBe('app v2\n');
    expect((await reads.save('/srv/app-ready', 'non', { machine: 'app' })).status).toBe(404);
    expect((await reads.list('/')).status).toBe(404);
    const { client: stranger } = await userWithRole(server, 'autre', 'trainer');
    expect((await fileClient(server.url, () => stranger.cookie, labId).open('/etc/hosts')).status).toBe(404);
    const theirs = await recordedSocket(server, stranger.cookie, sockets);
    expect(await theirs.socket.emitWithAck('editor:shown', { labId, path: '/etc/hosts' })).toMatchObject({
      ok: false,
    });
  });

  it('answers lab-not-running once the lab stops, and saves again after it starts', async () => {
    const opened = await files.open('/root/notes.txt');
    // Stopped behind the server's back (its database still says running), then as the server stops it.
    await server.runtime.stop(labId);
    const engine = await files.open('/root/notes.txt');
    expect(`${engine.status} ${engine.body.error.reason}`).toBe('409 lab-not-running');
    await server.app.labs.park(labId, 'idle', 'arrêté', () => true);
    for (const r of [
      await files.list('/'),
      await files.open('/root/notes.txt'),
      await files.save('/root/notes.txt', 'cinq\n', { expect: opened.body.version }),
    ])
      expect(`${r.status} ${r.body.error.reason}`).toBe('409 lab-not-running');
    expect((await alice.post('/api/labs', { courseId: 'duo' })).body).toMatchObject({ id: labId });
    expect((await files.save('/root/notes.txt', 'cinq\n', { expect: opened.body.version })).status).toBe(200);
  });
});
