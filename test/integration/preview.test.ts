// The learner's site through the platform, on the real Engine: a two-machine lab, a page served on one
// machine reached through /preview/<token>/…, the headers the proxy adds and removes, the errors it shows,
// and terminals on each machine.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, connectSocket } from '../support/socket-client.js';

const FIXTURES = path.resolve('test/fixtures/courses');
/** A one-file HTTP server in the lab: answers every request with its headers echoed and a cookie. */
const SERVE = (port: number, body: string) =>
  `nohup perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>${port},Listen=>20,ReuseAddr=>1) or die;` +
  `while($c=$s->accept){my $h="";while(<$c>){last if /^\\r?$/;$h.=$_} my $b="${body}\\n$h";` +
  `print $c "HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nSet-Cookie: sid=lab; Path=/\\r\\nStrict-Transport-Security: max-age=9\\r\\n` +
  `Clear-Site-Data: \\"*\\"\\r\\nContent-Length: ".length($b)."\\r\\nConnection: close\\r\\n\\r\\n$b";close $c}' >/dev/null 2>&1 &`;

describe('preview and machines through the server', () => {
  let server: TestServer;
  const alice = () => client;
  let client: ReturnType<typeof httpClient>;
  let labId: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { ATELIER_COURSES_DIR: FIXTURES, ATELIER_EXERCISES_DIR: path.resolve('exercises') },
    });
    client = httpClient(server.url);
    await client.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    const lab = await client.post('/api/labs', { courseId: 'duo' });
    expect(lab.status).toBe(200);
    labId = lab.body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the course machines and previews, and applies each setup on its machine', async () => {
    const course = await alice().get('/api/courses/duo');
    expect(course.body.machines).toEqual([{ name: 'web' }, { name: 'app' }]);
    expect(course.body.preview).toEqual([{ machine: 'web', port: 8080, path: '/', title: 'Le site' }]);
    const onApp = await server.runtime.exec(labId, ['cat', '/srv/app-ready'], { machine: 'app' });
    expect(onApp.stdout).toBe('app\n');
    const onWeb = await server.runtime.exec(labId, ['ls', '/srv']);
    expect(onWeb.stdout).toBe('web-ready\n');
  });

  it('opens one shell per machine', async () => {
    const socket = await connectSocket(server.url, alice().cookie);
    try {
      for (const machine of ['web', 'app']) {
        const opened: string[] = [];
        const out = collectOutput(socket, () => opened[0]);
        const ack = await socket.emitWithAck('terminal:open', { labId, cols: 80, rows: 24, machine });
        if (!ack.ok) throw new Error(ack.message);
        opened.push(ack.terminalId);
        socket.emit('terminal:input', { terminalId: ack.terminalId, data: 'hostname\r' });
        await out.waitFor(new RegExp(`^${machine}\\r?$`, 'm'));
      }
      const bad = await socket.emitWithAck('terminal:open', { labId, cols: 80, rows: 24, machine: 'nope' });
      expect(bad).toMatchObject({ ok: false, reason: 'unknown-machine' });
    } finally {
      socket.close();
    }
  });

  it('serves a machine port through the preview with the sandbox and without the lab’s dangerous headers', async () => {
    await server.runtime.exec(labId, ['bash', '-c', SERVE(8080, 'hello from web')]);
    await server.runtime.exec(labId, ['bash', '-c', SERVE(3000, 'hello from app')], { machine: 'app' });
    const link = await alice().post(`/api/labs/${labId}/preview`, {});
    expect(link.body.url).toMatch(/^\/preview\/[a-z2-7]{32}\/web\/8080\/$/);
    const get = (url: string, headers: Record<string, string> = {}) =>
      fetch(server.url + url, { headers, redirect: 'manual' });
    let res = await get(link.body.url, { cookie: alice().cookie, authorization: 'Bearer x' });
    for (let i = 0; i < 20 && res.status === 502; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await get(link.body.url, { cookie: alice().cookie });
    }
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^hello from web/);
    // The lab never sees the platform's session nor credentials; its Host is the machine.
    expect(text).not.toMatch(/cookie|authorization/i);
    expect(text).toMatch(/host: web:8080/i);
    expect(res.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('clear-site-data')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBeNull();

    const app = await alice().post(`/api/labs/${labId}/preview`, {
      machine: 'app',
      port: 3000,
      path: '/x?y=1',
    });
    const appRes = await get(app.body.url);
    expect(await appRes.text()).toMatch(/^hello from app\nGET \/x\?y=1 HTTP\/1.1/);
  });

  it('says clearly what is wrong: nothing listening, unknown token or machine, another user', async () => {
    const closed = await alice().post(`/api/labs/${labId}/preview`, { machine: 'app', port: 9 });
    const res = await fetch(server.url + closed.body.url);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/Rien n’écoute sur app:9/);
    const token = /\/preview\/([a-z2-7]+)\//.exec(closed.body.url)![1];
    expect((await fetch(`${server.url}/preview/${'a'.repeat(32)}/web/80/`)).status).toBe(404);
    expect((await fetch(`${server.url}/preview/${token}/nope/80/`)).status).toBe(404);
    expect((await alice().post(`/api/labs/${labId}/preview`, { machine: 'nope' })).body.error.reason).toBe(
      'unknown-machine',
    );
    const bob = httpClient(server.url);
    await bob.post('/api/auth/register', { username: 'bob', password: 'correct horse' });
    expect((await bob.post(`/api/labs/${labId}/preview`, {})).status).toBe(404);
  });

  it('runs checks on the machine they name and reset recreates every machine', async () => {
    await server.runtime.exec(labId, ['touch', '/root/sur-web']);
    let r = await alice().post(`/api/labs/${labId}/check`, { exerciseId: 'fichiers' });
    expect(r.body.checks.map((c: { passed: boolean }) => c.passed)).toEqual([true, false]);
    await server.runtime.exec(labId, ['touch', '/root/sur-app'], { machine: 'app' });
    r = await alice().post(`/api/labs/${labId}/check`, { exerciseId: 'fichiers' });
    expect(r.body.passed).toBe(true);
    expect((await alice().post(`/api/labs/${labId}/reset`)).status).toBe(200);
    const gone = await server.runtime.exec(labId, ['bash', '-c', 'ls /root/sur-app; cat /srv/app-ready'], {
      machine: 'app',
    });
    expect(gone.stdout).toBe('app\n');
  });
});
