// T3 — Threat: a learner fills a disk: the host's /var/lib/docker (every lab and the platform stop), or
// memory through tmpfs (tmpfs pages count against the lab's memory and can wedge it).
// Defence: every tmpfs in a lab is size-bounded; `/` has no quota on overlay2-over-ext4 (StorageOpt is
// refused there), so the disk watchdog (server/labs/disk-watchdog.ts) stops a lab whose writable layer
// (SizeRw) is over ATELIER_LAB_DISK_MB; RLIMIT_FSIZE bounds the files Docker bind-mounts from the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../server/sandbox/container-profile.js';
import type { TestServer } from '../support/server.js';
import {
  containerOf,
  docker,
  inLab,
  learner,
  openShell,
  removeContainers,
  startServer,
  waitUntil,
} from './support/lab-harness.js';

const MiB = 2 ** 20;
const QUOTA_MB = 200;
const sizeRw = async (id: string): Promise<number> =>
  ((await docker.getContainer(id).inspect({ size: true } as object)) as { SizeRw?: number }).SizeRw ?? 0;

describe('T3 disk fill', () => {
  let server: TestServer;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer({ ATELIER_LAB_DISK_MB: String(QUOTA_MB) });
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('bounds /tmp, /dev/shm and /dev (tmpfs) and the lab stays usable', async () => {
    const filler = await learner(server, 'filler', containers);
    for (const dir of ['/tmp', '/dev/shm', '/dev']) {
      const r = await inLab(
        server,
        filler.labId,
        `dd if=/dev/zero of=${dir}/fill bs=1M count=400 2>&1; echo "rc=$?"; echo "mb=$(du -m ${dir}/fill | cut -f1)"`,
        60_000,
      );
      const mb = Number(/mb=(\d+)/.exec(r.stdout)?.[1]);
      console.log(`[T3] ${dir}: wrote ${mb} MiB of 400 before ENOSPC`);
      expect(r.stdout).toContain('No space left on device');
      expect(r.stdout).not.toContain('rc=0');
      expect(mb).toBeLessThanOrEqual(64);
    }
    // All three full at once pin ≤ 192 MiB of the 512 MiB limit: the lab still runs commands.
    const alive = await inLab(
      server,
      filler.labId,
      'echo alive-$((6*7)); rm -f /tmp/fill /dev/shm/fill /dev/fill',
    );
    expect(alive.stdout).toContain('alive-42');
  }, 120_000);

  it('caps Docker’s bind-mounted /etc files, which SizeRw does not count, with fsize', async () => {
    // /etc/hosts, /etc/hostname, /etc/resolv.conf live on the host (/var/lib/docker/containers/<id>/):
    // a write there escapes the writable layer, so the watchdog cannot see it; RLIMIT_FSIZE bounds it.
    const filler = await learner(server, 'etcfill', containers);
    const before = await sizeRw(filler.containerId);
    const r = await inLab(
      server,
      filler.labId,
      'dd if=/dev/zero of=/etc/hosts bs=1M count=10 2>/dev/null; echo "hosts=$(stat -c %s /etc/hosts)"; ' +
        'echo "soft=$(ulimit -f) hard=$(ulimit -Hf)"; ulimit -Hf unlimited 2>/dev/null; echo "raise=$?"; : > /etc/hosts',
    );
    const after = await sizeRw(filler.containerId);
    console.log(
      `[T3] 10 MiB into /etc/hosts: SizeRw +${((after - before) / MiB).toFixed(1)} MiB; ${r.stdout.replace(/\n/g, ' ')}`,
    );
    expect(r.stdout).toContain(`hosts=${10 * MiB}`);
    expect(after - before).toBeLessThan(MiB); // invisible to a SizeRw-based watchdog
    expect(r.stdout).toContain(`soft=${MAX_FILE_BYTES / 512} hard=${MAX_FILE_BYTES / 512}`); // 512-byte blocks
    expect(r.stdout).not.toContain('raise=0'); // root cannot lift it (no CAP_SYS_RESOURCE)
  }, 60_000);

  it('stops a lab whose / is over quota at the watchdog’s next poll, tells the learner; reset recovers', async () => {
    const filler = await learner(server, 'rootfill', containers);
    const shell = await openShell(server, filler.http.cookie, filler.labId);
    const statuses: { state: string; message?: string }[] = [];
    shell.socket.on('lab:status', (p) => p.labId === filler.labId && statuses.push(p));
    const before = await sizeRw(filler.containerId);
    const r = await inLab(
      server,
      filler.labId,
      `dd if=/dev/zero of=/root/fill bs=1M count=${QUOTA_MB + 100} 2>&1; echo "rc=$?"`,
      60_000,
    );
    // No quota on overlay2 over ext4: the write itself succeeds.
    expect(r.stdout).toContain('rc=0');
    const after = await sizeRw(filler.containerId);
    expect(after - before).toBeGreaterThanOrEqual((QUOTA_MB + 100) * MiB);

    // One watchdog pass (the server runs it every ATELIER_DISK_POLL_S).
    const t0 = performance.now();
    const stopped = await server.app.labs.lifecycle.disk.poll();
    const pollMs = performance.now() - t0;
    expect(stopped).toContain(filler.labId);
    expect((await docker.getContainer(filler.containerId).inspect()).State.Running).toBe(false);
    const told = await waitUntil('quota message', 5_000, async () =>
      statuses.find((s) => s.state === 'stopped' && /quota/.test(s.message ?? '')),
    );
    expect(await shell.exited).toBeNull();
    console.log(
      `[T3] / fill: SizeRw ${(before / MiB).toFixed(1)} → ${(after / MiB).toFixed(1)} MiB (quota ${QUOTA_MB} MiB); ` +
        `watchdog pass ${pollMs.toFixed(0)} ms stopped it; learner told: "${told.message?.slice(0, 60)}…"`,
    );

    const reset = await filler.http.post(`/api/labs/${filler.labId}/reset`);
    expect(reset.status).toBe(200);
    const fresh = await containerOf(server, filler.labId);
    containers.push(fresh);
    expect(await sizeRw(fresh)).toBeLessThan(10 * MiB);
    expect(await server.app.labs.lifecycle.disk.poll()).not.toContain(filler.labId);
    expect((await inLab(server, filler.labId, 'test -e /root/fill; echo "gone=$?"')).stdout).toContain(
      'gone=1',
    );
    shell.socket.disconnect();
  }, 120_000);
});
