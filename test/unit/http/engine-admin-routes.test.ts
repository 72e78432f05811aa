import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAdminRoutes } from '../../../server/http/engine-admin-routes.js';
import { errorHandler } from '../../../server/http/http-error.js';
import { fakeFleet } from '../../support/fake-engines.js';
import type { Role } from '../../../server/store/users-repo.js';

describe('engine admin routes', () => {
  const fleet = fakeFleet();
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    const role = req.header('x-test-role') as Role | undefined;
    if (role) req.user = { id: `u-${role}`, username: role, role };
    next();
  });
  app.use('/api', engineAdminRoutes(fleet));
  app.use(errorHandler);
  let base = '';
  let server: ReturnType<typeof app.listen>;
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/engines`;
  });
  afterAll(() => server.close());

  const call = async (path: string, role?: Role, body?: unknown) => {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(role ? { 'x-test-role': role } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('lists every engine for an admin, refuses trainers (403) and anonymous requests (401)', async () => {
    const res = await call('', 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ engines: fleet.status() });
    expect((await call('', 'trainer')).status).toBe(403);
    expect((await call('')).status).toBe(401);
  });

  it('drains and reactivates an engine, answering its view', async () => {
    const drained = await call('/local/mode', 'admin', { mode: 'draining' });
    expect(drained).toMatchObject({
      status: 200,
      body: { name: 'local', mode: 'draining', state: 'draining' },
    });
    const back = await call('/local/mode', 'admin', { mode: 'active' });
    expect(back.body).toMatchObject({ mode: 'active', state: 'active' });
    // A down engine keeps its state: the mode is what the admin chose for when it comes back.
    const down = await call('/engine-2/mode', 'admin', { mode: 'draining' });
    expect(down.body).toMatchObject({ mode: 'draining', state: 'down', reason: 'connect ECONNREFUSED' });
    expect(fleet.calls).toEqual([
      ['local', 'draining'],
      ['local', 'active'],
      ['engine-2', 'draining'],
    ]);
  });

  it('answers 404 unknown-engine for a name it does not have, 400 for a bad mode, 403 for a trainer', async () => {
    const calls = fleet.calls.length;
    const unknown = await call('/nope/mode', 'admin', { mode: 'draining' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { reason: 'unknown-engine' } } });
    const bad = await call('/local/mode', 'admin', { mode: 'down' });
    expect(bad).toMatchObject({ status: 400, body: { error: { reason: 'invalid-request' } } });
    expect((await call('/local/mode', 'admin', { mode: 'active', extra: 1 })).status).toBe(400);
    expect((await call('/local/mode', 'trainer', { mode: 'draining' })).status).toBe(403);
    expect(fleet.calls.length).toBe(calls);
  });
});
