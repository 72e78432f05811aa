// A course's shellInit (course, then exercises) reaches every login shell the learner opens in a real lab:
// the warm pool's prewarmed shell (opened after the setup wrote the file) and any new terminal, and on a
// cold start too. The fixture course sets `PROMPT_COMMAND='history -a'`, so a command is in
// ~/.bash_history as soon as it ran (what Killercoda's history-based steps need).
import { afterEach, describe, expect, it } from 'vitest';
import { SHELL_INIT_FILE } from '../../server/courses/lab-setup.js';
import { waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

const COURSES = 'test/fixtures/courses-extras';
const course = { courseId: 'extras' };
const sockets: TestSocket[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await server?.close();
  server = undefined;
});

async function learner(name: string) {
  const http = httpClient(server!.url);
  await http.post('/api/auth/register', { username: name, password: 'correct horse' });
  const socket = await connectSocket(server!.url, http.cookie);
  sockets.push(socket);
  return { http, socket };
}

/** Opens a terminal on the lab and returns a way to run a line and wait for a pattern. */
async function terminal(socket: TestSocket, labId: string) {
  const term: { id?: string } = {};
  const out = collectOutput(socket, () => term.id);
  const ack = await socket.emitWithAck('terminal:open', { labId, cols: 120, rows: 30 });
  expect(ack.ok).toBe(true);
  term.id = ack.ok ? ack.terminalId : undefined;
  await out.waitFor(/# $/m);
  return {
    async run(line: string, expected: RegExp) {
      out.clear();
      socket.emit('terminal:input', { terminalId: term.id!, data: `${line}\r` });
      return out.waitFor(expected);
    },
  };
}

describe('shellInit in the learner’s shells (real Docker)', () => {
  const check = async (t: Awaited<ReturnType<typeof terminal>>, marker: string) => {
    const seen = await t.run(
      'echo "demo=[$ATELIER_DEMO] pc=[$PROMPT_COMMAND] login=[$(shopt -q login_shell && echo yes)]"',
      /demo=\[.*\] pc=\[.*\] login=\[.*\]\r\n/,
    );
    expect(seen).toMatch(/demo=\[cours\] pc=\[history -a\] login=\[yes\]/);
    // history -a after each command: the line is in the history file before the next prompt.
    await t.run(`echo ${marker}-ok`, new RegExp(`^${marker}-ok\\r$`, 'm'));
    await t.run(`grep -c 'echo ${marker}-ok' /root/.bash_history`, /^1\r$/m);
  };

  it('a warm-pool lab: the prewarmed shell and a new one both run it; the file is root-owned', async () => {
    server = await startTestServer({
      env: { ATELIER_COURSES_DIR: COURSES, ATELIER_POOL_SIZE: '0', ATELIER_POOL_SIZES: 'extras=1' },
    });
    const { pool } = server.app.labs.lifecycle;
    server.app.labs.lifecycle.start();
    await waitFor('pool ready', () => pool.stats()[0]?.ready === 1, 120_000);
    const alice = await learner('alice');
    expect((await alice.http.get('/api/courses/extras')).status).toBe(200);
    const lab = (await alice.http.post('/api/labs', course)).body;
    expect(lab.state).toBe('running');
    expect((await server.runtime.poll(lab.id)).pooled?.claimed).toBe(true);

    const file = (await server.runtime.readFile(lab.id, SHELL_INIT_FILE))?.toString() ?? '';
    expect(file).toContain('# --- course extras\nexport ATELIER_DEMO=cours\n');
    expect(file).toContain("# --- exercise historique\nPROMPT_COMMAND='history -a'\n");
    const stat = await server.runtime.exec(lab.id, ['stat', '-c', '%U:%G %a', SHELL_INIT_FILE]);
    expect(stat.stdout.trim()).toBe('root:root 644');

    // The first terminal is the shell the pool opened ahead of time (after the setup).
    // The Docker runtime of the one engine, behind the fleet: its spare shells are internal.
    type Fleet = { members: Map<string, { runtime: { spares: { size: number } } }> };
    const spares = (server.runtime as unknown as Fleet).members.get('local')!.runtime.spares;
    expect(spares.size).toBe(1);
    const first = await terminal(alice.socket, lab.id);
    expect(spares.size).toBe(0);
    await check(first, 'premier-shell');
    await check(await terminal(alice.socket, lab.id), 'second-shell');
  });

  it('a cold start: the setup writes it before the learner’s first shell', async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: COURSES } });
    const bob = await learner('bob');
    const lab = (await bob.http.post('/api/labs', course)).body;
    expect(lab.state).toBe('running');
    await check(await terminal(bob.socket, lab.id), 'shell-froid');
    // A plain `sh -l` is not bash: the file returns at once instead of failing on bash syntax.
    const sh = await server.runtime.exec(lab.id, ['sh', '-lc', 'echo "[$ATELIER_DEMO]"']);
    expect(sh).toMatchObject({ exitCode: 0, stderr: '' });
    expect(sh.stdout.trim()).toBe('[]');
  });
});
