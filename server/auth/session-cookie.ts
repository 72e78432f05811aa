import { parse, serialize } from 'cookie';
import type { IncomingMessage } from 'node:http';
import { SESSION_TTL_MS, type SessionsRepo } from '../store/sessions-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';

export interface SessionDeps {
  sessions: SessionsRepo;
  users: UsersRepo;
  /** Secure cookies (and the __Host- prefix) when the public origin is https. */
  secure: boolean;
}

export function cookieName(secure: boolean): string {
  return secure ? '__Host-atelier_sid' : 'atelier_sid';
}

/** `maxAgeMs`: a shorter life (a workshop visitor's session ends with the workshop). */
export function sessionCookie(deps: SessionDeps, sessionId: string, maxAgeMs = SESSION_TTL_MS): string {
  return serialize(cookieName(deps.secure), sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secure,
    path: '/',
    maxAge: Math.max(1, Math.floor(maxAgeMs / 1000)),
  });
}

export function clearedSessionCookie(deps: SessionDeps): string {
  return serialize(cookieName(deps.secure), '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secure,
    path: '/',
    maxAge: 0,
  });
}

export function sessionIdOf(req: IncomingMessage, secure: boolean): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parse(header)[cookieName(secure)] || undefined;
}

/**
 * The cookie of a login: a fresh session id at every login (no fixation), the previous one, if any, dropped.
 * `providerId`: the single sign-on provider that vouched for the user.
 */
export function loginCookie(req: IncomingMessage, deps: SessionDeps, userId: string, providerId?: string) {
  const previous = userOf(req, deps);
  if (previous) deps.sessions.delete(previous.sessionId);
  return sessionCookie(deps, deps.sessions.create(userId, Date.now(), providerId));
}

/** The user behind a request's session cookie (HTTP or Socket.IO handshake), or undefined. */
export function userOf(
  req: IncomingMessage,
  deps: SessionDeps,
): { user: User; sessionId: string } | undefined {
  const sessionId = sessionIdOf(req, deps.secure);
  if (!sessionId) return undefined;
  const userId = deps.sessions.userIdOf(sessionId);
  const user = userId ? deps.users.findById(userId) : undefined;
  return user && { user, sessionId };
}
