// A planned restart (SIGTERM → drain): pages hear it, the API refuses new work with a reason the client
// words, and a check in flight still records its result before the database closes.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { connectSocket } from '../../support/socket-client.js';

describe('drain before a restart', () => {
  let server: AnyTestServer<FakeRuntime> | undefined;
  afterEach(async () => server?.close());

  it('tells sockets, answers 503 restarting, and lets a check in flight record', async () => {
    const runtime = new FakeRuntime();
    server = await startTestServer({ runtime });
    const http = httpClient(server.url);
    await http.post('/api/auth/register', { username: 'dana', password: 'correct horse' });
    const lab = (await http.post('/api/labs', { courseId: 'premiers-pas' })).body;
    const socket = await connectSocket(server.url, http.cookie);
    const told = new Promise<void>((resolve) => socket.once('server:restarting', () => resolve()));
    // A slow check: it is still running when the drain starts.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    runtime.onExec(async () => {
      await gate;
      return { exitCode: 1, stdout: '' };
    });
    const checking = http.post(`/api/labs/${lab.id}/check`, { exerciseId: 'se-reperer' });
    await new Promise((r) => setTimeout(r, 100));
    const drained = server.app.drain(5_000);
    await told;
    const refused = await fetch(`${server.url}/api/courses`, { headers: { cookie: http.cookie } }).catch(
      () => undefined,
    );
    // No new work: a new connection is refused, one kept alive gets 503 with the reason.
    if (refused) {
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(((await refused.json()) as { reason: string }).reason).toBe('restarting');
    }
    release();
    const answer = await checking;
    await drained;
    expect(answer.status).toBe(200);
    const owner = server.app.repos.labs.get(lab.id)!.userId;
    const attempt = server.app.repos.progress.listByUser(owner).find((p) => p.exerciseId === 'se-reperer');
    expect(attempt?.attempts).toBe(1);
    socket.disconnect();
  });
});
