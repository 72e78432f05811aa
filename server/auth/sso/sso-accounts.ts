// From a person a provider vouches for to an Atelier account: found by (provider, subject) only, created at
// the first login, its display name and (when the provider maps groups) its role refreshed at every login.
import type { Logger } from '../../observability/logger.js';
import type { AccountRepo } from '../../store/account-repo.js';
import type { Db } from '../../store/database.js';
import type { IdentitiesRepo, IdentityRecord } from '../../store/identities-repo.js';
import type { Role, User, UsersRepo } from '../../store/users-repo.js';
import { AppError } from '../../errors/app-error.js';
import { DISPLAY_NAME } from '../credential-limits.js';
import { displayNameSchema, usernameCandidates } from '../display-name.js';
import type { ExternalIdentity, RoleRules } from './sso-types.js';

/** The password hash of an account made by a provider: not a scrypt hash, so no password ever matches it. */
export const NO_PASSWORD = '!sso';

export interface SsoAccountsDeps {
  db: Db;
  users: UsersRepo;
  accounts: AccountRepo;
  identities: IdentitiesRepo;
  logger: Logger;
}

/** The role groups give (the highest wins); undefined when the provider maps no groups. */
export function roleFromGroups(rules: RoleRules | undefined, groups: string[]): Role | undefined {
  if (!rules) return undefined;
  const has = (wanted: string[]) => wanted.some((g) => groups.includes(g));
  return has(rules.admin) ? 'admin' : has(rules.trainer) ? 'trainer' : 'learner';
}

/** The provider's name for the person, made to fit our display names; undefined when nothing fits. */
export function displayNameOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const cleaned = raw
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} .'’_-]+/gu, ' ')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, DISPLAY_NAME.max);
  const parsed = displayNameSchema.safeParse(cleaned);
  return parsed.success ? parsed.data : undefined;
}

const unknownIdentity = () => new AppError('unknown-identity', 'Identité inconnue.');

export class SsoAccounts {
  constructor(private readonly d: SsoAccountsDeps) {}

  /** The account of `who` (created at the first login), refreshed from what the provider says now. */
  signIn(who: ExternalIdentity, roles: RoleRules | undefined, now = Date.now()): User {
    const email = who.email ?? null;
    const userId = this.d.db
      .transaction(() => {
        const known = this.d.identities.find(who.providerId, who.subject);
        if (known) {
          this.d.identities.touch(who.providerId, who.subject, email, now);
          return known.userId;
        }
        // A new account under a free username: a local account of the same name is never taken over.
        let created: User | undefined;
        for (const username of usernameCandidates(who.username)) {
          created = this.d.users.create(username, NO_PASSWORD, 'learner');
          if (created) break;
        }
        this.d.identities.add(who.providerId, who.subject, created!.id, email, now);
        this.d.logger.info(
          { userId: created!.id, username: created!.username, provider: who.providerId },
          'single sign-on: account created at the first login',
        );
        return created!.id;
      })
      .immediate();
    const displayName = displayNameOf(who.displayName);
    if (displayName) this.d.accounts.setDisplayName(userId, displayName);
    const role = roleFromGroups(roles, who.groups);
    if (role && role !== this.d.users.findById(userId)?.role && !this.d.accounts.setRole(userId, role))
      this.d.logger.warn(
        { userId, provider: who.providerId },
        'single sign-on: the last admin keeps the role',
      );
    return this.d.users.findById(userId)!;
  }

  /**
   * Moves an identity to an existing account (the admin's explicit link). The account it leaves (`leftUserId`)
   * goes when it holds nothing: no password, no other identity, no lab, no progress, no class.
   */
  link(
    providerId: string,
    subject: string,
    username: string,
  ): { identity: IdentityRecord; leftUserId?: string; removedAccount?: string } {
    return this.d.db
      .transaction(() => {
        const identity = this.d.identities.find(providerId, subject);
        if (!identity) throw unknownIdentity();
        const target = this.d.users.findByUsername(username);
        if (!target) throw new AppError('unknown-user', 'Utilisateur introuvable.');
        if (target.id === identity.userId) return { identity };
        this.d.identities.move(providerId, subject, target.id);
        const left = this.d.users.findById(identity.userId);
        const removedAccount = left && this.isEmpty(left.id) ? left.username : undefined;
        if (removedAccount) this.d.users.delete(identity.userId);
        return { identity: { ...identity, userId: target.id }, leftUserId: identity.userId, removedAccount };
      })
      .immediate();
  }

  /** The next login with this identity makes a new account; returns the account it left. */
  unlink(providerId: string, subject: string): string {
    const identity = this.d.identities.find(providerId, subject);
    if (!identity || !this.d.identities.remove(providerId, subject)) throw unknownIdentity();
    return identity.userId;
  }

  private isEmpty(userId: string): boolean {
    const row = this.d.db
      .prepare(
        `SELECT u.password_hash = ? AS noPassword,
           (SELECT COUNT(*) FROM user_identities WHERE user_id = u.id)
         + (SELECT COUNT(*) FROM labs WHERE user_id = u.id)
         + (SELECT COUNT(*) FROM progress WHERE user_id = u.id)
         + (SELECT COUNT(*) FROM class_members WHERE user_id = u.id) AS held
         FROM users u WHERE u.id = ?`,
      )
      .get(NO_PASSWORD, userId) as { noPassword: number; held: number } | undefined;
    return Boolean(row?.noPassword) && row?.held === 0;
  }
}
