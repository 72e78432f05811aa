// Helpers for the class tests: accounts made through the repos (as the brief says trainers are made),
// sockets that remember what they received, and waiting for a matching event.
import fs from 'node:fs';
import { hashPassword } from '../../server/auth/password.js';
import type { Role } from '../../server/store/users-repo.js';
import { connectSocket, type TestSocket } from './socket-client.js';
import { httpClient, type AnyTestServer } from './server.js';

export const PASSWORD = 'un mot de passe solide';
const FAST = { N: 2 ** 12, r: 8, p: 1 };

/** Creates an account with a role directly in the database and logs it in over HTTP. */
export async function userWithRole(server: AnyTestServer, username: string, role: Role) {
  const user = server.app.repos.users.create(username, await hashPassword(PASSWORD, FAST), role)!;
  const client = httpClient(server.url);
  const res = await client.post('/api/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return { user, client };
}

export type Recorder = ReturnType<typeof record>;

/** Records every server event of a socket; `next` waits for one matching a predicate. */
export function record(socket: TestSocket) {
  const seen: { event: string; payload: unknown; at: number }[] = [];
  socket.onAny((event: string, payload: unknown) => seen.push({ event, payload, at: Date.now() }));
  return {
    socket,
    seen,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary payloads
    async next(event: string, match: (p: any) => boolean = () => true, timeoutMs = 10_000, from = 0) {
      const start = Date.now();
      for (;;) {
        const hit = seen.slice(from).find((s) => s.event === event && match(s.payload));
        if (hit) return hit;
        if (Date.now() - start > timeoutMs) {
          const events = seen.map((s) => s.event).join(', ');
          throw new Error(`no ${event} matching after ${timeoutMs} ms; got: ${events}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

export async function recordedSocket(server: AnyTestServer, cookie: string, sockets: TestSocket[]) {
  const s = await connectSocket(server.url, cookie);
  sockets.push(s);
  return record(s);
}

export const solution = (courseId: string, exerciseId: string): string =>
  fs.readFileSync(`courses/${courseId}/solutions/${exerciseId}.sh`, 'utf8');
