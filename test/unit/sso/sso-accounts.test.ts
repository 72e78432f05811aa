import { describe, expect, it } from 'vitest';
import {
  displayNameOf,
  NO_PASSWORD,
  roleFromGroups,
  SsoAccounts,
} from '../../../server/auth/sso/sso-accounts.js';
import { createLogger } from '../../../server/observability/logger.js';
import { AccountRepo } from '../../../server/store/account-repo.js';
import { openDatabase } from '../../../server/store/database.js';
import { IdentitiesRepo } from '../../../server/store/identities-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { verifyPassword } from '../../../server/auth/password.js';
import { linkIdentity, listIdentities, unlinkIdentity } from '../../../scripts/admin-commands.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

function setup() {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const identities = new IdentitiesRepo(db);
  const accounts = new AccountRepo(db);
  const sso = new SsoAccounts({ db, users, accounts, identities, logger: createLogger('silent') });
  return { db, users, identities, accounts, sso };
}
const rules = { admin: ['atelier-admins'], trainer: ['formateurs'] };
const who = (over: Partial<Parameters<SsoAccounts['signIn']>[0]> = {}) => ({
  providerId: 'univ',
  subject: 'sub-alice',
  username: 'alice',
  displayName: 'Alice Martin',
  groups: [] as string[],
  ...over,
});

describe('single sign-on accounts', () => {
  it('creates the account at the first login and finds it again by subject, never by username', () => {
    const t = setup();
    const first = t.sso.signIn(who(), rules);
    expect(first).toMatchObject({ username: 'alice', role: 'learner', displayName: 'Alice Martin' });
    const again = t.sso.signIn(who({ username: 'alice.renamed' }), rules);
    expect(again.id).toBe(first.id);
    const stranger = t.sso.signIn(who({ subject: 'sub-other' }), rules);
    expect(stranger.id).not.toBe(first.id);
    expect(stranger.username).toBe('alice-2');
  });

  it('never takes over a local account of the same name, and gives SSO accounts no usable password', async () => {
    const t = setup();
    const local = t.users.create('alice', 'scrypt$local-hash')!;
    const user = t.sso.signIn(who(), rules);
    expect(user.id).not.toBe(local.id);
    expect(user.username).toBe('alice-2');
    expect(t.users.findByUsername('alice')!.passwordHash).toBe('scrypt$local-hash');
    expect(await verifyPassword('', NO_PASSWORD)).toBe(false);
  });

  it('re-reads roles from groups at every login, and never demotes the last admin', () => {
    const t = setup();
    expect(t.sso.signIn(who({ groups: ['formateurs'] }), rules).role).toBe('trainer');
    expect(t.sso.signIn(who({ groups: [] }), rules).role).toBe('learner');
    expect(t.sso.signIn(who({ groups: ['formateurs', 'atelier-admins'] }), rules).role).toBe('admin');
    expect(t.sso.signIn(who({ groups: [] }), rules).role).toBe('admin'); // the only admin
    expect(t.sso.signIn(who({ groups: [] }), undefined).role).toBe('admin'); // no mapping: no change
  });

  it('links an identity to a local account and removes the empty account it leaves', () => {
    const t = setup();
    const local = t.users.create('alice', 'scrypt$x')!;
    const made = t.sso.signIn(who(), rules);
    const out = t.sso.link('univ', 'sub-alice', 'alice');
    expect(out.removedAccount).toBe(made.username);
    expect(t.users.findById(made.id)).toBeUndefined();
    expect(t.sso.signIn(who(), rules).id).toBe(local.id);
    expect(() => t.sso.link('univ', 'nobody', 'alice')).toThrow(/Identité inconnue/);
    expect(() => t.sso.link('univ', 'sub-alice', 'ghost')).toThrow(/introuvable/);
    t.sso.unlink('univ', 'sub-alice');
    expect(t.sso.signIn(who(), rules).id).not.toBe(local.id);
  });

  it('maps groups to the highest role and cleans display names', () => {
    expect(roleFromGroups(undefined, ['formateurs'])).toBeUndefined();
    expect(roleFromGroups(rules, ['x'])).toBe('learner');
    expect(displayNameOf('  Zoé   <b>Martin</b> ')).toBe('Zoé b Martin b');
    expect(displayNameOf('💥')).toBeUndefined();
    expect(displayNameOf('Bérénice Dupont')).toBe('Bérénice Dupont');
  });

  it('links and unlinks from the admin command line', () => {
    const t = setup();
    const ctx = { db: t.db, runtime: new FakeRuntime() };
    const local = t.users.create('alice', 'scrypt$x')!;
    t.sso.signIn(who(), rules);
    expect(listIdentities(ctx)).toMatchObject([
      { providerId: 'univ', subject: 'sub-alice', username: 'alice-2' },
    ]);
    expect(linkIdentity(ctx, 'alice', 'univ', 'sub-alice')).toMatchObject({ removedAccount: 'alice-2' });
    expect(listIdentities(ctx)).toMatchObject([{ userId: local.id, username: 'alice' }]);
    expect(() => linkIdentity(ctx, 'ghost', 'univ', 'sub-alice')).toThrow(/unknown-user/);
    unlinkIdentity(ctx, 'univ', 'sub-alice');
    expect(() => unlinkIdentity(ctx, 'univ', 'sub-alice')).toThrow(/no identity/);
  });
});
