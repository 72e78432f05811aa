// The deployment, for real: build the platform image (stand-in bases when no registry answers), start it
// with docker-compose.yml, reach /api/health from the running container, register and start a lab
// through it, run the admin CLI and a backup inside it, restart it, then remove everything.
import { execFile as execFileCb } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/server.js';
import { composeProject, runShown, waitFor } from './compose-support.js';

const IMAGE = 'atelier/platform:deploy-test';
const execFile = promisify(execFileCb);

describe('docker-compose deployment', () => {
  let project: Awaited<ReturnType<typeof composeProject>>;
  let failed = false;
  const learner = () => httpClient(project.url);
  let alice: ReturnType<typeof httpClient>;
  let labId = '';
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round((Date.now() - t0) / 1000);
    }
  };

  beforeAll(async () => {
    await timed('image build (s)', () => runShown('bash', ['scripts/build-platform-image.sh', IMAGE]));
    project = await composeProject(IMAGE);
    await timed('compose up (s)', () => project.compose('up', '-d'));
  });

  afterAll(async () => {
    if (!project) return;
    if (failed) console.error(await project.compose('logs', '--no-color', '--tail', '200').catch(String));
    await timed('compose down (s)', () => project.destroy());
    console.log('[deploy]', JSON.stringify(timings));
  });

  const step = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        throw err;
      }
    });

  step('answers /api/health from the running container, as a non-root user in the socket group', async () => {
    const health = await timed('health (s)', () =>
      waitFor('GET /api/health → 200', 120_000, async () => {
        const res = await project.httpHealth();
        return res?.status === 200 ? res.body : undefined;
      }),
    );
    expect(health).toMatchObject({ status: 'ok', docker: { ok: true } });
    expect((await project.inContainer('id', '-u')).trim()).toBe('10001');
    const groups = (await project.inContainer('id', '-G')).trim().split(' ');
    expect(groups).toContain(String(fs.statSync('/var/run/docker.sock').gid));
    const logs = await project.compose('logs', '--no-color', 'atelier');
    expect(logs).toContain('Atelier is ready on');
    expect(logs).not.toMatch(/"level":"(error|fatal)"/);
  });

  step('registers a user and starts a lab through it', async () => {
    alice = learner();
    expect(
      (await alice.post('/api/auth/register', { username: 'alice', password: 'correct horse' })).status,
    ).toBe(201);
    const lab = await timed('lab start (s)', () => alice.post('/api/labs', { courseId: 'premiers-pas' }));
    expect(lab.body).toMatchObject({ courseId: 'premiers-pas', state: 'running' });
    labId = lab.body.id;
    // The platform made the lab on the host's engine, through the mounted socket.
    const running = await project.compose(
      'exec',
      '-T',
      'atelier',
      'npm',
      'run',
      '--silent',
      'admin',
      '--',
      'list-labs',
    );
    expect(running).toMatch(new RegExp(`^${labId}\\talice\\tpremiers-pas\\trunning\\trunning\\t`, 'm'));
  });

  step('starts a two-machine lab and shows a page of one machine through the preview', async () => {
    const lab = await timed('2-machine lab start (s)', () =>
      alice.post('/api/labs', { courseId: 'reverse-proxy' }),
    );
    expect(lab.body).toMatchObject({ state: 'running' });
    // The learner's first step of the course, in the editor: jardins-app on app, on every interface.
    const where = `/api/labs/${lab.body.id}/file?machine=app&path=${encodeURIComponent('/etc/default/jardins-app')}`;
    const opened = await alice.get(where);
    expect(opened.status).toBe(200);
    const saved = await fetch(project.url + where, {
      method: 'PUT',
      headers: { cookie: alice.cookie, 'content-type': 'text/plain', 'if-match': `"${opened.body.version}"` },
      body: (opened.body.content as string).replace(/^LISTEN=.*$/m, 'LISTEN=0.0.0.0'),
    });
    expect(saved.status).toBe(200);
    // The other machines are named after the id the lab was created under (a pool id after a hand-out).
    const { stdout: group } = await execFile('docker', [
      'inspect',
      '-f',
      '{{index .Config.Labels "atelier.lab"}}',
      `${project.instance}-lab-${lab.body.id}`,
    ]);
    const app = `${project.instance}-mach-${group.trim()}-app`;
    try {
      await execFile('docker', [
        'exec',
        app,
        'bash',
        '-c',
        'grep -qx LISTEN=0.0.0.0 /etc/default/jardins-app && service jardins-app start',
      ]);
      const link = await alice.post(`/api/labs/${lab.body.id}/preview`, { machine: 'app', port: 8080 });
      const page = await timed('preview (s)', () =>
        waitFor('preview of app:8080', 30_000, async () => {
          const res = await fetch(project.url + link.body.url);
          return res.status === 200 ? res.text() : undefined;
        }),
      );
      expect(page).toContain('Servi par jardins-app');
    } finally {
      await alice.del(`/api/labs/${lab.body.id}`);
    }
  });

  step('runs a verified backup inside the container', async () => {
    const out = await project.compose('exec', '-T', 'atelier', 'npm', 'run', '--silent', 'backup');
    expect(out).toMatch(/^backup \/data\/backups\/atelier-\d{8}T\d{9}Z\.db .*integrity ok$/m);
  });

  step('keeps accounts and labs across a restart, and turns healthy', async () => {
    await timed('restart (s)', () => project.compose('restart', '-t', '10', 'atelier'));
    await waitFor('health after restart', 120_000, async () =>
      (await project.httpHealth())?.status === 200 ? true : undefined,
    );
    const labs = await alice.get('/api/labs'); // the same session cookie: sessions live in the volume
    expect(labs.status).toBe(200);
    expect(labs.body).toEqual([expect.objectContaining({ id: labId, state: 'running' })]);
    await timed('healthy (s)', () =>
      waitFor('docker healthcheck "healthy"', 90_000, async () =>
        (await project.health()) === 'healthy' ? true : undefined,
      ),
    );
  });
});
