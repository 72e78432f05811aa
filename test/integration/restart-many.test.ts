// A class of 60 (RESTART_LABS), each learner with a counter running in an open shell: kill -9 of the real
// server, a new process, every browser resuming at once. Every shell comes back, the same one, still
// counting. Times are printed (bench/restart.ts compares them with a bare start), never asserted.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeInstanceContainers } from '../support/instance-containers.js';
import { RestartClass, type Learner } from '../support/restart-class.js';
import { percentile } from '../../bench/stats.js';

const N = Number(process.env.RESTART_LABS ?? 60);
const klass = new RestartClass(`atelier-rm${randomBytes(3).toString('hex')}`);

describe(`a class of ${N} through kill -9 (real process, real Docker)`, () => {
  let learners: Learner[] = [];
  beforeAll(async () => {
    await klass.start();
    learners = await klass.learners(N);
  }, 600_000);
  afterAll(async () => {
    klass.stop();
    await removeInstanceContainers(klass.instance);
  }, 120_000);

  it('reattaches every shell, the same one, still counting', async () => {
    const r = await klass.restart('SIGKILL', learners);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `[restart] ${N} labs, kill -9: healthy after ${ms(r.healthyMs)}; shells reattached p50 ${ms(percentile(r.backMs, 50))}, ` +
        `p95 ${ms(percentile(r.backMs, 95))}, all ${ms(Math.max(...r.backMs))} (from the new process's spawn)`,
    );
    expect(r.sameShell).toBe(N);
    expect(r.backMs).toHaveLength(N);
  }, 600_000);
});
