// D11 — Threat: a learner floods « Vérifier » (50 at once, then in a loop): every check execs into the
// lab and counts as an attempt. Defence: one check in flight per lab (the same exercise shares the
// running check, another exercise is refused), ATELIER_CHECKS_PER_MIN per user, attempts only for checks
// that ran; automatic checks are outside the budget.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';
import { learner, removeContainers, startServer, waitUntil } from './support/lab-harness.js';

const EXERCISE = 'se-reperer';
const PER_MIN = 10;

describe('D11 check floods', () => {
  let server: TestServer;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer({ ATELIER_CHECKS_PER_MIN: String(PER_MIN), ATELIER_AUTO_CHECK_MS: '300' });
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('one check per lab, a per-user budget, attempts only for checks that ran; auto-checks not starved', async () => {
    const me = await learner(server, 'flooder', containers);
    const userId = (await me.http.get('/api/me')).body.id as string;
    const attempts = () => server.app.repos.progress.listByUser(userId).reduce((n, p) => n + p.attempts, 0);
    // Count the checks that really ran: each one pushes one check:result.
    const socket = await connectSocket(server.url, me.http.cookie);
    let runs = 0;
    socket.on('check:result', (p) => void (p.auto || runs++));
    const url = `/api/labs/${me.labId}/check`;
    const inFlight = (): Map<string, unknown> => server.app.labs['checks'];

    // Another exercise while a check runs on the lab: refused, not queued.
    const first = me.http.post(url, { exerciseId: EXERCISE });
    for (let i = 0; inFlight().size === 0 && i < 2_000; i++) await sleep(2); // a check takes ~100 ms
    const other = await me.http.post(url, { exerciseId: 'dossiers' });
    expect((await first).status).toBe(200);
    expect(other.status).toBe(409);
    expect(other.body.error.reason).toBe('check-running');

    // 50 at once: the 8 left in the budget are answered (concurrent ones share one run), 42 refused.
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => me.http.post(url, { exerciseId: EXERCISE })),
    );
    const byStatus = countBy(answers.map((a) => a.status));
    await waitUntil('results pushed', 5_000, async () => (inFlight().size === 0 ? true : undefined));
    console.log(
      `[D11] 50 concurrent checks: ${JSON.stringify(byStatus)}; ${runs - 1} runs for them; attempts ${attempts()}`,
    );
    expect(byStatus[200]).toBe(PER_MIN - 2);
    expect(byStatus[429]).toBe(50 - (PER_MIN - 2));
    expect(answers.filter((a) => a.status === 429).every((a) => a.body.error.reason === 'rate-limited')).toBe(
      true,
    );
    expect(runs).toBeLessThanOrEqual(PER_MIN - 1);
    expect(attempts()).toBe(runs);

    // A loop after the budget is spent: refused without running, no attempt added.
    const before = runs;
    for (let i = 0; i < 20; i++) expect((await me.http.post(url, { exerciseId: EXERCISE })).status).toBe(429);
    expect(runs).toBe(before);
    expect(attempts()).toBe(before);

    // Terminal activity still triggers the automatic check: it is outside the button budget.
    const auto = new Promise<boolean>((resolve) => socket.on('check:result', (p) => p.auto && resolve(true)));
    server.app.labs.noteInput(userId, me.labId);
    expect(await auto).toBe(true);
    socket.disconnect();
  }, 120_000);
});

function countBy(xs: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
