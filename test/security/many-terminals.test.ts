// T7 — Threat: one user opens dozens of sockets and terminals (each terminal is a `docker exec` and a
// bash in the lab), exhausting the server or the lab; closed tabs leave orphan shells behind.
// Defence: a cap on sockets per user and on terminals per user (ATELIER_TERMINALS_PER_USER), a per-user
// budget of terminal:open, and a grace period after which a detached shell is hung up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOCKETS_PER_USER } from '../../server/realtime/socket-rate-limit.js';
import type { TestServer } from '../support/server.js';
import { connectSocket, type TestSocket } from '../support/socket-client.js';
import { docker, inLab, learner, removeContainers, startServer, waitUntil } from './support/lab-harness.js';

const TERMINALS = 4;
const ATTEMPTS = 50;

/** Execs Docker still runs in the container (the shells), from the engine's side. */
async function runningExecs(containerId: string): Promise<number> {
  const ids = (await docker.getContainer(containerId).inspect()).ExecIDs ?? [];
  const states = await Promise.all(
    ids.map((id) =>
      docker
        .getExec(id)
        .inspect()
        .then((e) => e.Running)
        .catch(() => false),
    ),
  );
  return states.filter(Boolean).length;
}

describe('T7 many terminals and sockets from one user', () => {
  let server: TestServer;
  const containers: string[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startServer({
      ATELIER_TERMINALS_PER_USER: String(TERMINALS),
      ATELIER_TERMINAL_GRACE_S: '1',
    });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
    await removeContainers(containers);
  });

  it('caps sockets and terminals, and leaves no orphan shell once the tabs are gone', async () => {
    const greedy = await learner(server, 'greedy', containers);
    const attempts = await Promise.allSettled(
      Array.from({ length: ATTEMPTS }, () => connectSocket(server.url, greedy.http.cookie)),
    );
    for (const a of attempts) if (a.status === 'fulfilled') sockets.push(a.value);
    const refused = attempts.filter((a) => a.status === 'rejected').map((a) => String(a.reason));
    expect(sockets).toHaveLength(MAX_SOCKETS_PER_USER);
    expect(refused.every((r) => /too-many-connections/.test(r))).toBe(true);

    const acks = await Promise.all(
      sockets.map((s) => s.emitWithAck('terminal:open', { labId: greedy.labId, cols: 80, rows: 24 })),
    );
    const opened = acks.filter((a) => a.ok).length;
    const reasons = new Set(acks.flatMap((a) => (a.ok ? [] : [a.reason])));
    const bashes = (await inLab(server, greedy.labId, 'pgrep -c -x bash || true')).stdout.trim();
    const execs = await runningExecs(greedy.containerId);
    console.log(
      `[T7] ${ATTEMPTS} sockets → ${sockets.length} admitted, ${refused.length} refused; ${sockets.length} opens → ` +
        `${opened} terminals (${[...reasons].join(', ')}); lab has ${bashes} bash, Docker ${execs} running execs`,
    );
    expect(opened).toBe(TERMINALS);
    expect([...reasons]).toEqual(['too-many-terminals']);
    expect(Number(bashes)).toBe(TERMINALS);
    // Shells ride the machine's hub: the exec that started each holder has ended, none is left running.
    expect(execs).toBe(0);

    // Every tab goes away: after the grace period the shells are hung up, in the lab and in Docker.
    sockets.splice(0).forEach((s) => s.disconnect());
    const t0 = performance.now();
    await waitUntil('no shell left', 20_000, async () => {
      const left = (await inLab(server, greedy.labId, 'pgrep -c -x bash || true')).stdout.trim();
      return left === '0' && (await runningExecs(greedy.containerId)) === 0 ? true : undefined;
    });
    console.log(
      `[T7] orphan shells gone ${(performance.now() - t0).toFixed(0)} ms after the last tab closed`,
    );
    const greedyId = ((await greedy.http.get('/api/me')).body as { id: string }).id;
    expect(server.app.terminals.count(greedyId)).toBe(0);
    // The slots are free again.
    const back = await connectSocket(server.url, greedy.http.cookie);
    sockets.push(back);
    const reopened = await back.emitWithAck('terminal:open', { labId: greedy.labId, cols: 80, rows: 24 });
    expect(reopened.ok).toBe(true);
    back.disconnect();
  }, 90_000);

  it('hangs up shells whose tab closed while they were starting', async () => {
    const hasty = await learner(server, 'hasty', containers);
    for (let i = 0; i < 8; i++) {
      const s = await connectSocket(server.url, hasty.http.cookie);
      s.emit('terminal:open', { labId: hasty.labId, cols: 80, rows: 24 }, () => undefined);
      s.disconnect(); // before the exec has started
    }
    await waitUntil('no shell left', 20_000, async () => {
      const left = (await inLab(server, hasty.labId, 'pgrep -c -x bash || true')).stdout.trim();
      return left === '0' && (await runningExecs(hasty.containerId)) === 0 ? true : undefined;
    });
    const hastyId = ((await hasty.http.get('/api/me')).body as { id: string }).id;
    expect(server.app.terminals.count(hastyId)).toBe(0);
  }, 60_000);
});
