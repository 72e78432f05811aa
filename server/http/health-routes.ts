import { Router } from 'express';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';

export const VERSION = process.env.npm_package_version ?? '0.1.0';

export function healthRoutes(runtime: SandboxRuntime, publicConfig: object): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const docker = await runtime.ping();
    res
      .status(docker.ok ? 200 : 503)
      .json({ status: docker.ok ? 'ok' : 'degraded', docker, version: VERSION });
  });
  r.get('/config', (_req, res) => {
    res.json({ ...publicConfig, version: VERSION });
  });
  return r;
}
