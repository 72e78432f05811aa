// GET /api/me and the login answer carry the display name (the header shows it, the login becomes its tooltip): set for a
// learner who joined a class with their name, null for an account made without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, userWithRole } from '../../support/classes-support.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';

describe('web: the session user has a display name', () => {
  let server: AnyTestServer<FakeRuntime>;

  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is the name given on joining a class, null without one', async () => {
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainer.post('/api/classes', { name: 'Linux', courseIds: ['premiers-pas'] });
    const learner = httpClient(server.url);
    const joined = await learner.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Zoé Martin',
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    expect((await learner.get('/api/me')).body).toMatchObject({
      username: 'zoe-martin',
      displayName: 'Zoé Martin',
    });
    expect((await trainer.get('/api/me')).body).toMatchObject({ username: 'formatrice', displayName: null });
    // Logging in again answers the same view: the header has the name without asking /api/me.
    const again = await httpClient(server.url).post('/api/auth/login', {
      username: 'zoe-martin',
      password: PASSWORD,
    });
    expect(again.body).toMatchObject({ username: 'zoe-martin', displayName: 'Zoé Martin' });
  });
});
