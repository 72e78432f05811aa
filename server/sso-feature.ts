import type { Logger } from 'pino';
import { CasLogoutKeys } from './auth/sso/cas-logout-keys.js';
import { PendingLogins } from './auth/sso/pending-logins.js';
import { SsoAccounts } from './auth/sso/sso-accounts.js';
import { createSsoClients, publicProviders } from './auth/sso/sso-providers.js';
import type { SsoConfig } from './auth/sso/sso-types.js';
import type { ClassJoin } from './classes/class-join.js';
import { AppError } from './errors/app-error.js';
import { identityAdminRoutes } from './http/identity-admin-routes.js';
import type { RateLimiter } from './http/rate-limiter.js';
import { ssoRoutes } from './http/sso-routes.js';
import { AccountRepo } from './store/account-repo.js';
import type { Db } from './store/database.js';
import { IdentitiesRepo } from './store/identities-repo.js';
import type { SessionsRepo } from './store/sessions-repo.js';
import type { User, UsersRepo } from './store/users-repo.js';

export interface SsoFeatureDeps {
  db: Db;
  users: UsersRepo;
  sessions: SessionsRepo;
  secure: boolean;
  sso: SsoConfig;
  publicOrigin?: string;
  join: ClassJoin;
  /** The login budget per address, shared with password logins. */
  limiter: RateLimiter;
  /** An account's sockets must authenticate again (an identity moved away from it). */
  onAccountChanged(userId: string): void;
  /** A session ended by the provider (CAS single logout): its sockets must go. */
  onSessionEnded?(sessionId: string): void;
  logger: Logger;
}

/**
 * Single sign-on (server/auth/sso/): OpenID Connect, CAS and SAML routes, directory logins for the password form,
 * the provider's logout, and the admin's identity links.
 */
export function createSsoFeature(d: SsoFeatureDeps) {
  const identities = new IdentitiesRepo(d.db);
  const accounts = new SsoAccounts({
    ...{ db: d.db, users: d.users, identities, logger: d.logger },
    accounts: new AccountRepo(d.db),
  });
  const { oidc, ldap, cas, saml } = createSsoClients(d.sso.providers, d.logger);
  const routers = [
    ssoRoutes({
      ...{ users: d.users, sessions: d.sessions, secure: d.secure, join: d.join },
      ...{ oidc, cas, saml, accounts, pending: new PendingLogins(), limiter: d.limiter },
      ...{ casLogout: new CasLogoutKeys(d.db), onSessionEnded: d.onSessionEnded ?? (() => {}) },
      ...{ publicOrigin: d.publicOrigin, logger: d.logger },
    }),
    identityAdminRoutes({ identities, accounts, onAccountChanged: d.onAccountChanged }),
  ];
  return {
    routers,
    /** For GET /api/config: each provider's id, kind and name. */
    providers: publicProviders(d.sso.providers),
    localLogin: d.sso.localLogin,
    /** A directory login from the password form (the account is found or created like any provider's). */
    async directoryLogin(providerId: string, username: string, password: string): Promise<User> {
      const directory = ldap.get(providerId);
      if (!directory) throw new AppError('unknown-provider', 'Ce moyen de connexion n’existe pas.');
      const who = await directory.authenticate(username, password);
      return accounts.signIn(who, directory.config.roles);
    },
    /** The provider's logout page for a session it opened, when it has one (`origin`: ours, to come back). */
    endSessionUrl(providerId: string | undefined, origin: string): Promise<string | undefined> {
      const client = providerId ? oidc.get(providerId) : undefined;
      return client ? client.endSessionUrl(`${origin}/login`) : Promise.resolve(undefined);
    },
  };
}

export type SsoFeature = ReturnType<typeof createSsoFeature>;
