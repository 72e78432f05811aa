// D3/D4 — Threat: one address registers many accounts, starts many labs and fork-bombs them (SIGTERM
// ignored) until the host's process table and CPUs are gone. Defence: new accounts per IP per hour,
// running labs per user, per start IP and per host (server/labs/lab-admission.ts), and a stop that
// freezes the cgroup and SIGKILLs it (server/sandbox/docker-runtime.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import type { TestServer } from '../support/server.js';
import {
  COURSE,
  docker,
  inLab,
  openShell,
  pidsOf,
  removeContainers,
  run,
  startServer,
  waitUntil,
} from './support/lab-harness.js';

const ATTACKER = '203.0.113.7';
const PASSWORD = 'correct horse battery';

/** A browser-like client whose requests come, through the trusted loopback proxy, from `ip`. */
function clientFrom(url: string, ip: string) {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    async post(path: string, body: unknown = {}) {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(cookie && { cookie }) },
        body: JSON.stringify(body),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    },
  };
}

const BOMB = `nohup bash -c "trap '' TERM HUP; f(){ trap '' TERM; f|f& }; f" >/dev/null 2>&1 &`;

describe('D3/D4 one address cannot take the host', () => {
  let server: TestServer;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer({
      // Each client names its address in X-Forwarded-For, which only a trusted proxy may set.
      ATELIER_TRUST_PROXY: 'loopback',
      ATELIER_ACCOUNTS_PER_IP_HOUR: '6',
      ATELIER_MAX_LABS: '4',
      ATELIER_LABS_PER_IP: '3',
      ATELIER_LABS_PER_USER: '1',
      ATELIER_IDLE_TIMEOUT_MIN: '1',
    });
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('caps accounts and labs per address, labs per user and on the host; a SIGTERM-proof bomb is stopped', async () => {
    // 10 accounts from one address in a burst: 6 created, then too-many-accounts.
    const attackers = Array.from({ length: 10 }, () => clientFrom(server.url, ATTACKER));
    const regs = await Promise.all(
      attackers.map((c, i) => c.post('/api/auth/register', { username: `bomber${i}`, password: PASSWORD })),
    );
    const created = attackers.filter((_, i) => regs[i]!.status === 201);
    const refused = regs.filter((r) => r.status === 429);
    console.log(`[D3] 10 registrations from one IP: ${created.length} created, ${refused.length} refused`);
    expect(created).toHaveLength(6);
    expect(refused.map((r) => r.body.error.reason)).toEqual(Array(4).fill('too-many-accounts'));

    // 6 lab starts at once from that address: 3 run, 3 are told why not.
    const starts = await Promise.all(created.map((c) => c.post('/api/labs', { courseId: COURSE })));
    const started = starts.filter((s) => s.status === 200);
    console.log(
      `[D3] 6 starts from one IP: ${started.length} labs, reasons ${starts.map((s) => s.body.error?.reason ?? 'ok')}`,
    );
    expect(started).toHaveLength(3);
    expect(starts.filter((s) => s.status === 429).map((s) => s.body.error.reason)).toEqual(
      Array(3).fill('too-many-labs-ip'),
    );
    const bombLabs: string[] = started.map((s) => s.body.id);
    for (const id of bombLabs) containers.push((await server.runtime.poll(id)).containerId!);

    // One lab per user: a second course for the same user is refused with too-many-labs.
    const owner = created[starts.findIndex((s) => s.status === 200)]!;
    const second = await owner.post('/api/labs', { courseId: 'utilisateurs' });
    expect(second.status).toBe(429);
    expect(second.body.error.reason).toBe('too-many-labs');

    // A neighbour from another address takes the last host slot; a third address finds the host full.
    const neighbour = clientFrom(server.url, '198.51.100.2');
    await neighbour.post('/api/auth/register', { username: 'neighbour', password: PASSWORD });
    const nLab = await neighbour.post('/api/labs', { courseId: COURSE });
    expect(nLab.status).toBe(200);
    containers.push((await server.runtime.poll(nLab.body.id)).containerId!);
    const late = clientFrom(server.url, '192.0.2.9');
    await late.post('/api/auth/register', { username: 'late', password: PASSWORD });
    const full = await late.post('/api/labs', { courseId: COURSE });
    expect(full.status).toBe(503);
    expect(full.body.error.reason).toBe('host-full');
    expect(full.body.error.params).toEqual({ max: 4 });

    // The attacker's labs fork-bomb with SIGTERM ignored; the neighbour's shell still answers.
    for (const id of bombLabs) await inLab(server, id, BOMB);
    const ids = containers.slice(0, 3);
    await waitUntil('bombs at their pid limit', 30_000, async () =>
      (await Promise.all(ids.map(pidsOf))).every((p) => p > 200) ? true : undefined,
    );
    const shell = await openShell(server, neighbour.cookie, nLab.body.id);
    const t0 = performance.now();
    expect(await run(shell, 'echo alive-$((6*7))', 30_000)).toContain('alive-42');
    console.log(`[D4] neighbour echo during 3 bombs: ${(performance.now() - t0).toFixed(0)} ms`);
    shell.socket.disconnect();

    // The platform's stop (an idle sweep): every bombed lab is stopped, not restarted, no pid left.
    const t1 = performance.now();
    const sweep = await server.app.labs.lifecycle.sweep(Date.now() + 3_600_000);
    console.log(
      `[D4] idle sweep stopped ${sweep.idle.length} labs (3 bombing) in ${(performance.now() - t1).toFixed(0)} ms`,
    );
    expect(sweep.idle).toEqual(expect.arrayContaining(bombLabs));
    for (const id of ids) {
      const info = await docker.getContainer(id).inspect();
      expect(info.State.Running).toBe(false);
      expect(info.RestartCount).toBe(0);
    }
    // The slots are free again: the late learner gets a lab.
    const retry = await late.post('/api/labs', { courseId: COURSE });
    expect(retry.status).toBe(200);
    containers.push((await server.runtime.poll(retry.body.id)).containerId!);
  }, 180_000);

  it('a class behind one address is not held to the per-address cap', async () => {
    // Host cap 4, per address 3, per user 1: four labs were started above and stopped by the sweep
    // except the late learner's; free them so the class has the host to itself.
    await server.app.labs.lifecycle.sweep(Date.now() + 3_600_000);
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainer.post('/api/classes', { name: 'Formation NAT', courseIds: [COURSE] });
    expect(cls.status).toBe(201);
    const NAT = '192.0.2.77';
    const learners = Array.from({ length: 4 }, () => clientFrom(server.url, NAT));
    for (const [i, c] of learners.entries()) {
      const joined = await c.post('/api/join', {
        code: cls.body.joinCode,
        displayName: `Élève ${i}`,
        password: PASSWORD,
      });
      expect(joined.status).toBe(201);
    }
    const starts = await Promise.all(learners.map((c) => c.post('/api/labs', { courseId: COURSE })));
    for (const s of starts)
      if (s.status === 200) containers.push((await server.runtime.poll(s.body.id)).containerId!);
    // All four behind one address got a lab: more than the per-address cap of 3, within the host's 4.
    expect(starts.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    await server.app.labs.lifecycle.sweep(Date.now() + 3_600_000);
  }, 120_000);

  it('a reset of a SIGTERM-proof bomb replaces the lab', async () => {
    const c = clientFrom(server.url, '192.0.2.50');
    await c.post('/api/auth/register', { username: 'resetter', password: PASSWORD });
    const lab = await c.post('/api/labs', { courseId: COURSE });
    expect(lab.status).toBe(200);
    const before = (await server.runtime.poll(lab.body.id)).containerId!;
    containers.push(before);
    await inLab(server, lab.body.id, BOMB);
    await waitUntil('bomb at its pid limit', 30_000, async () =>
      (await pidsOf(before)) > 200 ? true : undefined,
    );
    const t0 = performance.now();
    const reset = await c.post(`/api/labs/${lab.body.id}/reset`);
    console.log(`[D4] reset of a SIGTERM-proof bomb: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(reset.status).toBe(200);
    const after = (await server.runtime.poll(lab.body.id)).containerId!;
    containers.push(after);
    expect(after).not.toBe(before);
    expect(await pidsOf(after)).toBeLessThan(20);
  }, 120_000);
});
