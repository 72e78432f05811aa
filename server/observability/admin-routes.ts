import { Router } from 'express';
import fs from 'node:fs';
import os from 'node:os';
import { requireRole } from '../auth/roles.js';
import type { EngineFleet } from '../sandbox/engine-types.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import { AdminRepo } from '../store/admin-repo.js';
import { listBackups } from '../store/backup.js';
import type { Db } from '../store/database.js';
import type { MetricSources } from './metrics.js';

export interface OverviewDeps {
  db: Db;
  runtime: SandboxRuntime;
  sources: MetricSources;
  dataDir: string;
  backupDir: string;
  /** Memory limit of one lab, to show what the running labs may take. */
  labMemoryBytes: number;
  version: string;
  /** The Docker Engines behind the runtime: each one's state, labs and free capacity. */
  engines?: EngineFleet;
}

/** GET /api/admin/overview: the at-a-glance figures of the admin page (see docs/API.md). */
export function adminRoutes(deps: OverviewDeps): Router {
  const r = Router();
  r.get('/admin/overview', requireRole('admin'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await overview(deps));
  });
  return r;
}

export async function overview(deps: OverviewDeps) {
  const labsByState = deps.sources.labsByState();
  const running = labsByState.running ?? 0;
  const byRole = new AdminRepo(deps.db).countByRole();
  const disk = await fs.promises.statfs(deps.dataDir).catch(() => undefined);
  const backups = listBackups(deps.backupDir);
  const latest = backups[0];
  const total = os.totalmem();
  const available = os.freemem();
  return {
    version: deps.version,
    uptimeSeconds: Math.round(process.uptime()),
    docker: await deps.runtime.ping(),
    labs: {
      running,
      total: Object.values(labsByState).reduce((a, b) => a + b, 0),
      byState: labsByState,
      memoryLimitBytes: running * deps.labMemoryBytes,
    },
    users: { total: Object.values(byRole).reduce((a, b) => a + b, 0), byRole },
    startQueue: deps.sources.startQueue(),
    /** Per course: floor, demand (and where it comes from), target, ready/preparing containers, hits/misses. */
    pool: deps.sources.pool(),
    ...(deps.engines ? { engines: deps.engines.status() } : {}),
    terminalsOpen: deps.sources.terminalsOpen(),
    socketConnections: deps.sources.socketConnections(),
    host: {
      cpus: os.availableParallelism(),
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      memory: { totalBytes: total, availableBytes: available, usedBytes: total - available },
      disk: disk && {
        path: deps.dataDir,
        totalBytes: disk.blocks * disk.bsize,
        freeBytes: disk.bavail * disk.bsize,
      },
      /** The filesystem of Docker's data (images, lab layers), when the engine lets us see it. */
      dockerDisk: (await deps.runtime.hostDisk().catch(() => undefined)) ?? null,
    },
    process: { rssBytes: process.memoryUsage.rss() },
    backups: {
      dir: deps.backupDir,
      count: backups.length,
      latest: latest && { file: latest.file, at: latest.createdAt.toISOString(), bytes: latest.bytes },
    },
  };
}
