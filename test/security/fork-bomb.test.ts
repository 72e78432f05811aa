// T1 — Threat: a learner's fork bomb exhausts the host's process table or starves the platform.
// Defence: PidsLimit (the profile) and NanoCpus; "reset lab" replaces the container.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import {
  containerOf,
  learner,
  openShell,
  percentile,
  pidsOf,
  removeContainers,
  run,
  sampleHealth,
  startServer,
} from './support/lab-harness.js';

const PIDS_LIMIT = 256; // the default ATELIER_LAB_PIDS
const BOMB_MS = 15_000;

describe('T1 fork bomb', () => {
  let server: TestServer;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('keeps pids within the limit, /api/health under 1 s, and reset brings the lab back', async () => {
    const bomber = await learner(server, 'bomber', containers);
    const neighbour = await learner(server, 'neighbour', containers);
    const shell = await openShell(server, bomber.http.cookie, bomber.labId);
    const other = await openShell(server, neighbour.http.cookie, neighbour.labId);

    const health = sampleHealth(server.url);
    shell.type(':(){ :|:& };:\r');
    const pids: number[] = [];
    const echoes: number[] = [];
    const until = Date.now() + BOMB_MS;
    while (Date.now() < until) {
      pids.push(await pidsOf(bomber.containerId));
      const t0 = performance.now();
      await run(other, 'true'); // the neighbour's shell keeps answering
      echoes.push(performance.now() - t0);
      await sleep(300);
    }
    const latencies = await health.stop();
    const maxPids = Math.max(...pids);
    console.log(
      `[T1] pids max ${maxPids}/${PIDS_LIMIT} over ${pids.length} samples; health p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
        `max ${Math.max(...latencies).toFixed(0)} ms (${latencies.length} calls); neighbour echo max ${Math.max(...echoes).toFixed(0)} ms`,
    );
    expect(maxPids).toBeGreaterThan(PIDS_LIMIT * 0.8); // the bomb really ran into the wall
    expect(maxPids).toBeLessThanOrEqual(PIDS_LIMIT);
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(Math.max(...echoes)).toBeLessThan(3_000);

    // Reset: the old container (and the bomb) goes, a fresh lab answers; the old terminal is told.
    const t0 = performance.now();
    const reset = await bomber.http.post(`/api/labs/${bomber.labId}/reset`);
    const resetMs = performance.now() - t0;
    expect(reset.status).toBe(200);
    expect(await shell.exited).toBeNull();
    const fresh = await containerOf(server, bomber.labId);
    containers.push(fresh);
    expect(fresh).not.toBe(bomber.containerId);
    const again = await openShell(server, bomber.http.cookie, bomber.labId);
    expect(await run(again, 'echo back-$((40+2))')).toContain('back-42');
    const after = await pidsOf(fresh);
    console.log(`[T1] reset took ${resetMs.toFixed(0)} ms; fresh lab runs ${after} pids`);
    expect(resetMs).toBeLessThan(20_000);
    expect(after).toBeLessThan(20);
    for (const s of [shell, other, again]) s.socket.disconnect();
  }, 120_000);
});
