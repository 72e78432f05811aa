// T2 — Threat: a learner's process eats all memory (host swap storm, other learners starved).
// Defence: Memory = MemorySwap (no swap) per lab; the kernel OOM-kills inside the lab's cgroup only;
// the Docker `oom` event reaches the learner as a lab:status message (server/sandbox/docker-events.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEventSource } from '../../server/sandbox/sandbox-runtime.js';
import type { TestServer } from '../support/server.js';
import {
  docker,
  learner,
  openShell,
  removeContainers,
  run,
  startServer,
  waitUntil,
} from './support/lab-harness.js';

const MEMORY_MB = 256;

describe('T2 memory hog', () => {
  let server: TestServer;
  let events: LabEventSource;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer({ ATELIER_LAB_MEMORY_MB: String(MEMORY_MB) });
    // The same wiring as server/main.ts (the watcher knows the limit from ATELIER_LAB_MEMORY_MB).
    events = server.sandbox.events;
    await events.start(server.app.onLabEvent);
  });
  afterAll(async () => {
    events?.stop();
    await server?.close();
    await removeContainers(containers);
  });

  it('OOM-kills the process, keeps the lab running, tells the learner, spares the neighbour', async () => {
    const hog = await learner(server, 'hog', containers);
    const neighbour = await learner(server, 'neighbour', containers);
    const shell = await openShell(server, hog.http.cookie, hog.labId);
    const other = await openShell(server, neighbour.http.cookie, neighbour.labId);
    const statuses: { labId: string; state: string; message?: string }[] = [];
    shell.socket.on('lab:status', (p) => statuses.push(p));
    const neighbourStatuses: unknown[] = [];
    other.socket.on('lab:status', (p) => neighbourStatuses.push(p));

    const t0 = performance.now();
    const out = await run(shell, 'tail /dev/zero; echo "rc=$?"', 60_000);
    const killedMs = performance.now() - t0;
    expect(out).toContain('rc=137'); // SIGKILL from the OOM killer
    expect(out).toMatch(/Killed/);

    const told = await waitUntil('oom lab:status', 10_000, async () =>
      statuses.find((s) => s.labId === hog.labId && /Mémoire/.test(s.message ?? '')),
    );
    expect(told.state).toBe('running');
    expect(told.message).toContain(`${MEMORY_MB} Mio`);

    const info = await docker.getContainer(hog.containerId).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.RestartCount).toBe(0);
    expect(await run(shell, 'echo still-$((6*7))')).toContain('still-42');
    expect(await run(other, 'echo fine-$((6*7))')).toContain('fine-42');
    expect(neighbourStatuses).toEqual([]); // the neighbour's socket hears nothing about another lab
    console.log(
      `[T2] tail /dev/zero OOM-killed after ${killedMs.toFixed(0)} ms (limit ${MEMORY_MB} MiB); learner told`,
    );
    shell.socket.disconnect();
    other.socket.disconnect();
  }, 120_000);
});
