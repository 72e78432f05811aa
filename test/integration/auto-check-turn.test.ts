// Auto-check that waits its turn (issue 24), on the real engine: a learner who types gets one automatic
// check once the terminal goes quiet; output that comes later, with nothing typed, execs nothing more;
// the learner's « Vérifier » still runs. Counts of check execs, no timings.
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

let server: TestServer | undefined;
let socket: TestSocket | undefined;

afterAll(async () => {
  socket?.disconnect();
  await server?.close();
});

describe('auto-check waits its turn (real Docker)', () => {
  it('checks once after typing, never on output alone, and the button still runs', async () => {
    // The host's real pressure must not put checks off here (other work may share this machine).
    server = await startTestServer({
      env: { ATELIER_AUTO_CHECK_MS: '300', ATELIER_HOST_BUSY_PRESSURE: '100' },
    });
    const { labs } = server.app;
    const http = httpClient(server.url);
    await http.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    const lab = (await http.post('/api/labs', { courseId: 'premiers-pas' })).body;
    expect(lab.state).toBe('running');

    // Every check execs into the lab (a script or a file read); nothing else does once it runs.
    let execs = 0;
    const { runtime } = server;
    const exec = runtime.exec.bind(runtime);
    const inspect = runtime.inspect.bind(runtime);
    runtime.exec = (...a) => (execs++, exec(...a));
    runtime.inspect = (...a) => (execs++, inspect(...a));

    socket = await connectSocket(server.url, http.cookie);
    const term: { id?: string } = {};
    const out = collectOutput(socket, () => term.id);
    const ack = await socket.emitWithAck('terminal:open', { labId: lab.id, cols: 100, rows: 30 });
    term.id = ack.ok ? ack.terminalId : undefined;
    await out.waitFor(/root@lab/);

    // A job that prints later, when the test says so: output with nothing typed.
    socket.emit('terminal:input', {
      terminalId: term.id!,
      data: '(while [ ! -e /tmp/go ]; do sleep 0.2; done; echo tick1; sleep 0.5; echo tick2) &\r',
    });
    await waitFor('one automatic check', () => labs.autoCheckStats().run === 1);
    const afterFirst = execs;
    expect(afterFirst).toBeGreaterThan(0);

    const skipped = labs.autoCheckStats().skippedNoInput;
    await exec(lab.id, ['touch', '/tmp/go']); // not counted: the test's own exec
    await out.waitFor('tick2');
    await waitFor('the quiet after the output', () => labs.autoCheckStats().skippedNoInput > skipped);
    expect(labs.autoCheckStats()).toMatchObject({ run: 1, deferredBusy: 0 });
    expect(execs).toBe(afterFirst);

    // The learner's own check runs, and typing again makes the lab due an automatic check again.
    const button = await http.post(`/api/labs/${lab.id}/check`, { exerciseId: 'se-reperer' });
    expect(button.status).toBe(200);
    expect(execs).toBeGreaterThan(afterFirst);
    const afterButton = execs;
    socket.emit('terminal:input', { terminalId: term.id!, data: 'echo tournesol > /root/reponse.txt\r' });
    await waitFor('a second automatic check', () => labs.autoCheckStats().run === 2);
    expect(execs).toBeGreaterThan(afterButton);
  });
});
