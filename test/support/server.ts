// Starts the real server in-process for integration and e2e tests: real SQLite file in a temp dir,
// real Docker runtime, real courses, port 0 on loopback. close() removes the labs it created.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { loadCourses } from '../../server/courses/course-registry.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import type { Sandbox, SandboxRuntime } from '../../server/sandbox/sandbox-runtime.js';
import { openDatabase } from '../../server/store/database.js';
import { EnginesRepo } from '../../server/store/engines-repo.js';

interface ServerOptions {
  dataDir?: string;
  instance?: string;
  env?: Record<string, string>;
  /** The built client to serve (default dist/client). */
  clientDir?: string;
}

/** A test server on any runtime (a FakeRuntime in the unit tier). */
export interface AnyTestServer<R extends SandboxRuntime = SandboxRuntime> {
  url: string;
  dataDir: string;
  instance: string;
  app: ReturnType<typeof createApp>;
  runtime: R;
  /** Stops the server; removes its labs' containers unless keepLabs (to simulate a restart). */
  close(opts?: { keepLabs?: boolean }): Promise<void>;
}

/** A test server on the real Docker Engine. */
export interface TestServer extends AnyTestServer {
  /** Built from the server's config; its event watcher is not started (a test starts it when it needs it). */
  sandbox: Sandbox;
}

/**
 * Each test server gets its own container-name instance, so its reconciliation never touches labs of
 * another server on the same engine. Pass the same dataDir and instance to simulate a restart.
 * With `runtime` (a FakeRuntime), routes and authorization are tested without Docker, in the unit tier.
 */
export async function startTestServer(opts?: ServerOptions): Promise<TestServer>;
export async function startTestServer<R extends SandboxRuntime>(
  opts: ServerOptions & { runtime: R },
): Promise<AnyTestServer<R>>;
export async function startTestServer(
  opts: ServerOptions & { runtime?: SandboxRuntime } = {},
): Promise<AnyTestServer & { sandbox?: Sandbox }> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-test-'));
  const instance = opts.instance ?? `atelier-t${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    ATELIER_PORT: '0',
    ATELIER_DATA_DIR: dataDir,
    ATELIER_INSTANCE: instance,
    // No warm pool unless a test asks (ATELIER_POOL_SIZE in env): other tests must not pay for it.
    ATELIER_POOL_SIZE: '0',
    // Every test client is 127.0.0.1, like a class behind one NAT: per-address caps only where a test
    // sets them (test/security/admission.test.ts).
    ATELIER_ACCOUNTS_PER_IP_HOUR: '100000',
    ATELIER_LABS_PER_IP: '0',
    // Never busy unless a test asks: other work on this machine must not hold refills or auto-checks.
    ATELIER_HOST_BUSY_PRESSURE: '100',
    ...opts.env,
  });
  const registry = await loadCourses(config.coursesDir, { exercisesDir: config.exercisesDir });
  // The Docker sandbox unless the test brings a runtime (then no engine is contacted).
  const sandbox = opts.runtime ? undefined : createSandbox(config);
  const runtime = opts.runtime ?? sandbox!.runtime;
  const db = openDatabase(config.dbPath);
  // As main.ts: where each lab is, in the database (a restart on the same dataDir finds it).
  sandbox?.engines.attach(new EnginesRepo(db));
  const app = createApp({
    config,
    db,
    runtime,
    registry,
    engines: sandbox?.engines,
    // ATELIER_TEST_CLIENT_DIR: a client built elsewhere (two people building and testing at once).
    clientDir: opts.clientDir ?? path.resolve(process.env.ATELIER_TEST_CLIENT_DIR ?? 'dist/client'),
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    instance,
    app,
    runtime,
    sandbox,
    async close({ keepLabs = false } = {}) {
      // The pool's containers go unless a restart is simulated (the next reconcile removes them).
      const labs = app.repos.labs.listAll();
      await app.close({ drainPool: !keepLabs });
      if (!keepLabs) {
        await Promise.all(labs.map((l) => runtime.remove(l.id)));
        // Checkpoint images outlive a lab's removal; this test instance's go with it.
        const saved = new Set((await runtime.listCheckpoints()).map((c) => c.labId));
        await Promise.all([...saved].map((labId) => runtime.dropCheckpoints(labId)));
      }
    },
  };
}

/** A fetch client that keeps the session cookie, like a browser would. */
export function httpClient(base: string) {
  let cookie = '';
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
    return { status: res.status, body: json as any };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    patch: (url: string, body: unknown) => call('PATCH', url, body),
    del: (url: string) => call('DELETE', url),
    get cookie() {
      return cookie;
    },
  };
}
