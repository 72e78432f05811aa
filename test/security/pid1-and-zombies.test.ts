// T14 — Threat: a learner kills the lab's PID 1 or every process (`kill -9 -1`), or leaves zombies that
// eat the pids budget; the lab dies for good or the learner stares at a dead terminal.
// Defence: Init (tini) as PID 1 reaps zombies and cannot be SIGKILLed from inside; RestartPolicy
// unless-stopped restarts the lab; terminal:exit and a lab:status message (docker-events) tell the learner.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEventSource } from '../../server/sandbox/sandbox-runtime.js';
import type { TestServer } from '../support/server.js';
import {
  containerOf,
  docker,
  inLab,
  learner,
  openShell,
  removeContainers,
  run,
  startServer,
  waitUntil,
  type Learner,
} from './support/lab-harness.js';

const zombies = async (server: TestServer, labId: string): Promise<number> =>
  Number((await inLab(server, labId, 'ps -eo stat= | grep -c "^Z" || true')).stdout.trim());

describe('T14 PID 1, kill -9 -1 and zombies', () => {
  let server: TestServer;
  let events: LabEventSource;
  let lab: Learner;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    events = server.sandbox.events;
    await events.start(server.app.onLabEvent);
    lab = await learner(server, 'killer', containers);
  });
  afterAll(async () => {
    events?.stop();
    await server?.close();
    await removeContainers(containers);
  });

  it('ignores kill -9 1', async () => {
    const shell = await openShell(server, lab.http.cookie, lab.labId);
    expect(await run(shell, 'kill -9 1; echo "alive-$?"')).toContain('alive-0');
    const info = await docker.getContainer(lab.containerId).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.RestartCount).toBe(0);
    shell.socket.disconnect();
  });

  it('reaps orphaned zombies', async () => {
    const shell = await openShell(server, lab.http.cookie, lab.labId);
    // 50 children nobody waits for: zombies while their parent (sleep) lives, orphans after.
    shell.type(`(sh -c 'for i in $(seq 50); do sleep 0 & done; exec sleep 3' &)\r`);
    const peak = await waitUntil('50 zombies', 5_000, async () => {
      const n = await zombies(server, lab.labId);
      return n >= 50 ? n : undefined;
    });
    const t0 = performance.now();
    await waitUntil('zombies reaped', 10_000, async () =>
      (await zombies(server, lab.labId)) === 0 ? true : undefined,
    );
    console.log(
      `[T14] ${peak} zombies reaped by tini within ${(performance.now() - t0).toFixed(0)} ms of the peak (their parent lived 3 s)`,
    );
    shell.socket.disconnect();
  }, 30_000);

  for (const [label, command] of [
    ['kill -9 -1', 'kill -9 -1'],
    ['kill -TERM 1', 'kill -TERM 1'],
  ] as const) {
    it(`recovers from ${label}: restarted by policy, terminal:exit, learner told, files kept`, async () => {
      await inLab(server, lab.labId, 'echo kept > /root/kept.txt');
      const restartsBefore = (await docker.getContainer(lab.containerId).inspect()).RestartCount;
      const shell = await openShell(server, lab.http.cookie, lab.labId);
      const statuses: { state: string; message?: string }[] = [];
      shell.socket.on('lab:status', (p) => p.labId === lab.labId && statuses.push(p));
      const t0 = performance.now();
      shell.type(`${command}\r`);
      const code = await shell.exited;
      const exitMs = performance.now() - t0;
      const restarted = await waitUntil('restart message', 15_000, async () =>
        statuses.find((s) => /redémarré/.test(s.message ?? '')),
      );
      const restartMs = performance.now() - t0;
      expect(statuses.some((s) => s.state === 'starting' && /arrêté/.test(s.message ?? ''))).toBe(true);
      expect(restarted.state).toBe('running');
      const info = await docker.getContainer(lab.containerId).inspect();
      expect(info.RestartCount).toBe(restartsBefore + 1);
      expect(info.State.Running).toBe(true);

      // Reopening (what the client does when the learner presses Enter) gives a working shell, files kept.
      const again = await openShell(server, lab.http.cookie, lab.labId);
      expect(await run(again, 'cat /root/kept.txt')).toContain('kept');
      console.log(
        `[T14] ${label}: terminal:exit (code ${code}) after ${exitMs.toFixed(0)} ms, restarted and told after ` +
          `${restartMs.toFixed(0)} ms (RestartCount ${info.RestartCount}); messages: ${statuses.map((s) => s.state).join(' → ')}`,
      );
      shell.socket.disconnect();
      again.socket.disconnect();
    }, 60_000);
  }

  it('does not report a reset made through the API as a crash', async () => {
    const shell = await openShell(server, lab.http.cookie, lab.labId);
    const statuses: { state: string; message?: string }[] = [];
    shell.socket.on('lab:status', (p) => p.labId === lab.labId && statuses.push(p));
    expect((await lab.http.post(`/api/labs/${lab.labId}/reset`)).status).toBe(200);
    containers.push(await containerOf(server, lab.labId));
    await sleep(2_000); // Docker events arrive within milliseconds
    expect(statuses.at(-1)?.state).toBe('running'); // the lab service's own messages
    expect(statuses.filter((s) => /arrêté|redémarré/.test(s.message ?? ''))).toEqual([]);
    shell.socket.disconnect();
  }, 60_000);
});
