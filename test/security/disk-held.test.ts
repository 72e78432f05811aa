// T3 (D6, D7) — Threat: a learner takes the host's disk where SizeRw does not look: a deleted file a
// process keeps open (its blocks stay taken, SizeRw drops), or a flood of empty files (host inodes, 0 bytes).
// Defence: the disk watchdog adds, through the lab's grader, the bytes of deleted files held open by lab
// processes and counts the entries the learner added to `/`; it stops a lab over either limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import { docker, inLab, learner, removeContainers, startServer } from './support/lab-harness.js';

const MiB = 2 ** 20;
const sizeRw = async (id: string): Promise<number> =>
  ((await docker.getContainer(id).inspect({ size: true } as object)) as { SizeRw?: number }).SizeRw ?? 0;
const running = async (id: string) => (await docker.getContainer(id).inspect()).State.Running;

describe('T3 disk held out of sight', () => {
  let server: TestServer;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer({ ATELIER_LAB_DISK_MB: '200', ATELIER_LAB_INODES: '100000' });
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  const timedPoll = async () => {
    const t0 = performance.now();
    const stopped = await server.app.labs.lifecycle.disk.poll();
    return { stopped, ms: performance.now() - t0 };
  };

  it('leaves a normal lab running', async () => {
    const calm = await learner(server, 'calm', containers);
    await inLab(
      server,
      calm.labId,
      'echo hi > /root/notes; mkdir -p /root/src && touch /root/src/a /root/src/b',
    );
    const { stopped, ms } = await timedPoll();
    console.log(`[T3] watchdog pass over a normal lab: ${ms.toFixed(0)} ms`);
    expect(stopped).not.toContain(calm.labId);
    expect(await running(calm.containerId)).toBe(true);
  }, 60_000);

  it('stops a lab holding a deleted 300 MiB file open (SizeRw stays tiny)', async () => {
    const holder = await learner(server, 'holder', containers);
    const r = await inLab(
      server,
      holder.labId,
      'fallocate -l 300M /root/big && (setsid sleep 600 3</root/big >/dev/null 2>&1 &) ; sleep 0.5; rm /root/big; echo "rc=$?"',
    );
    expect(r.stdout).toContain('rc=0');
    const layer = await sizeRw(holder.containerId);
    expect(layer).toBeLessThan(10 * MiB); // invisible to SizeRw alone
    const { stopped, ms } = await timedPoll();
    console.log(
      `[T3] deleted-but-open 300 MiB: SizeRw ${(layer / 1024).toFixed(1)} kB; pass ${ms.toFixed(0)} ms`,
    );
    expect(stopped).toContain(holder.labId);
    expect(await running(holder.containerId)).toBe(false);
  }, 60_000);

  it('stops a lab that added 250,000 empty files (limit 100,000)', async () => {
    const flooder = await learner(server, 'flooder', containers);
    const r = await inLab(
      server,
      flooder.labId,
      'mkdir /root/f && cd /root/f && seq 250000 | xargs touch; echo "n=$(ls | wc -l)"',
      60_000,
    );
    expect(r.stdout).toContain('n=250000');
    const { stopped, ms } = await timedPoll();
    console.log(
      `[T3] 250,000 empty files: SizeRw ${((await sizeRw(flooder.containerId)) / MiB).toFixed(1)} MiB; pass ${ms.toFixed(0)} ms`,
    );
    expect(stopped).toContain(flooder.labId);
    expect(await running(flooder.containerId)).toBe(false);
  }, 90_000);
});
