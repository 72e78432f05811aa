// The admin CLI's commands (scripts/admin.ts parses arguments and prints). Each works on the same
// repositories and SandboxRuntime as the server, and is safe while the server runs (SQLite WAL).
import { randomBytes } from 'node:crypto';
import { PASSWORD, USERNAME_PATTERN } from '../server/auth/credential-limits.js';
import { hashPassword } from '../server/auth/password.js';
import type { LabInfo, SandboxRuntime } from '../server/sandbox/sandbox-runtime.js';
import { AdminRepo, ROLES } from '../server/store/admin-repo.js';
import type { Db } from '../server/store/database.js';
import { LabsRepo, type LabRecord } from '../server/store/labs-repo.js';
import { type Role, type User, UsersRepo } from '../server/store/users-repo.js';
import { SsoAccounts } from '../server/auth/sso/sso-accounts.js';
import { createLogger } from '../server/observability/logger.js';
import { AccountRepo } from '../server/store/account-repo.js';
import { IdentitiesRepo, type IdentityView } from '../server/store/identities-repo.js';
import { AppError } from '../server/errors/app-error.js';

export class AdminError extends Error {}

export interface AdminContext {
  db: Db;
  runtime: SandboxRuntime;
  now?: () => number;
}

const DAY_MS = 24 * 3600 * 1000;

export function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new AdminError(`unknown role "${role}" (one of: ${ROLES.join(', ')})`);
  return role as Role;
}

function checkPassword(password: string | undefined): string {
  const pw = password ?? randomBytes(12).toString('base64url');
  if (pw.length < PASSWORD.min || pw.length > PASSWORD.max)
    throw new AdminError(`a password has ${PASSWORD.min} to ${PASSWORD.max} characters`);
  return pw;
}

function userNamed(ctx: AdminContext, username: string): User {
  const user = new UsersRepo(ctx.db).findByUsername(username);
  if (!user) throw new AdminError(`no user named "${username}"`);
  return { id: user.id, username: user.username, role: user.role };
}

/** Returns the password when it was generated (to print once), undefined when the caller gave it. */
export async function createUser(ctx: AdminContext, username: string, role: Role, password?: string) {
  if (!USERNAME_PATTERN.test(username))
    throw new AdminError('a username has 2 to 32 letters, digits, ".", "_" or "-"');
  const pw = checkPassword(password);
  const user = new UsersRepo(ctx.db).create(username, await hashPassword(pw), role);
  if (!user) throw new AdminError(`the username "${username}" is taken`);
  return { user, generated: password === undefined ? pw : undefined };
}

export function setRole(ctx: AdminContext, username: string, role: Role): User {
  const user = userNamed(ctx, username);
  new AdminRepo(ctx.db).setRole(user.id, role);
  return { ...user, role };
}

/** New password hash and every session of the user ended. */
export async function resetPassword(ctx: AdminContext, username: string, password?: string) {
  const user = userNamed(ctx, username);
  const pw = checkPassword(password);
  new AdminRepo(ctx.db).setPasswordHash(user.id, await hashPassword(pw));
  return { user, generated: password === undefined ? pw : undefined };
}

/** Removes the user's lab containers, then the account (labs rows, sessions and progress cascade). */
export async function deleteUser(ctx: AdminContext, username: string): Promise<{ labs: number }> {
  const user = userNamed(ctx, username);
  const labs = new LabsRepo(ctx.db).listByUser(user.id);
  for (const lab of labs) await ctx.runtime.remove(lab.id);
  new UsersRepo(ctx.db).delete(user.id);
  return { labs: labs.length };
}

export interface LabRow extends LabRecord {
  username?: string;
  container: LabInfo['state'];
}

/** Every lab of the database with its owner and its container's real state. */
export async function listLabs(ctx: AdminContext): Promise<LabRow[]> {
  const live = new Map((await ctx.runtime.list()).map((i) => [i.labId, i.state]));
  const names = new Map(new AdminRepo(ctx.db).listUsers().map((u) => [u.id, u.username]));
  return new LabsRepo(ctx.db)
    .listAll()
    .map((l) => ({ ...l, username: names.get(l.userId), container: live.get(l.id) ?? 'missing' }));
}

export async function stopLab(ctx: AdminContext, labId: string): Promise<void> {
  const labs = new LabsRepo(ctx.db);
  if (!labs.get(labId)) throw new AdminError(`no lab ${labId}`);
  await ctx.runtime.stop(labId);
  labs.setState(labId, 'stopped');
}

export interface PruneReport {
  /** Containers with no database row: their user was deleted (or the row was). */
  orphans: string[];
  /** Labs stopped (or whose container is gone) and idle for longer than the limit. */
  stale: string[];
}

/**
 * Removes orphan lab containers and labs not running for `days` days (container and row; progress is
 * kept, the learner gets a fresh machine on the next start). Warm-pool containers are left to the server.
 */
export async function prune(ctx: AdminContext, days: number, dryRun = false): Promise<PruneReport> {
  const labs = new LabsRepo(ctx.db);
  const known = new Map(labs.listAll().map((l) => [l.id, l]));
  const live = await ctx.runtime.list();
  const orphans = live.filter((i) => !known.has(i.labId) && i.pooled?.claimed !== false).map((i) => i.labId);
  const state = new Map(live.map((i) => [i.labId, i.state]));
  const cutoff = (ctx.now?.() ?? Date.now()) - days * DAY_MS;
  const stale = [...known.values()]
    .filter((l) => (state.get(l.id) ?? 'missing') !== 'running' && l.lastActivityAt < cutoff)
    .map((l) => l.id);
  if (!dryRun) {
    for (const id of orphans) await ctx.runtime.remove(id);
    for (const id of stale) {
      await ctx.runtime.remove(id);
      labs.delete(id);
    }
  }
  return { orphans, stale };
}

function ssoAccounts(ctx: AdminContext): SsoAccounts {
  const d = { db: ctx.db, users: new UsersRepo(ctx.db), identities: new IdentitiesRepo(ctx.db) };
  return new SsoAccounts({ ...d, accounts: new AccountRepo(ctx.db), logger: createLogger('silent') });
}

/** Single sign-on identities: which provider's person holds which account. */
export function listIdentities(ctx: AdminContext): IdentityView[] {
  return new IdentitiesRepo(ctx.db).list();
}

/** A refusal of the accounts' rules as the CLI's error, worded by `message`. */
function asAdminError<T>(message: (reason: string) => string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError) throw new AdminError(message(err.reason));
    throw err;
  }
}

/** Moves a provider's identity to a local account (the account it leaves goes when it holds nothing). */
export function linkIdentity(ctx: AdminContext, username: string, providerId: string, subject: string) {
  return asAdminError(
    (reason) => `${reason}: no identity ${providerId}/${subject} or no user "${username}"`,
    () => ssoAccounts(ctx).link(providerId, subject, username),
  );
}

export function unlinkIdentity(ctx: AdminContext, providerId: string, subject: string): void {
  asAdminError(
    () => `no identity ${providerId}/${subject}`,
    () => ssoAccounts(ctx).unlink(providerId, subject),
  );
}
