import { describe, expect, it } from 'vitest';
import { check, checkSchema, kindOf } from '../../../server/courses/checks/index.js';
import { judge } from './checks-world.js';

// lastchg 19000 = 2022-01-08; expiry 10957 = 2000-01-01 (past), 47482 = 2100-01-01 (future).
const SHADOW = [
  'root:*:19000:0:99999:7:::',
  'alice:$y$j9T$abc:19000:1:90:14:30:47482:',
  'bob:!$y$j9T$def:19000:0:99999:7:::',
  'carol:$y$j9T$ghi:0:0:99999:7:::',
  'dave:$y$j9T$jkl:19000:0:99999:7::10957:',
].join('\n');
const files = { '/etc/shadow': `${SHADOW}\n` };

describe('user: primary group and comment', () => {
  it('group: name or gid', () => {
    expect(judge(check.user('alice', { group: 'alice' }), {}).passed).toBe(true);
    expect(judge(check.user('alice', { group: '1000' }), {}).passed).toBe(true);
    expect(judge(check.user('alice', { group: 'equipe' }), {}, 'fr').text).toBe(
      'Le groupe principal de alice est alice (attendu : equipe).',
    );
    expect(judge(check.user('www-data', { group: 'root' }), {}).text).toBe(
      "www-data's primary group is www-data (expected root).",
    );
  });

  it('comment: exact text or RegExp', () => {
    expect(judge(check.user('alice', { comment: 'Alice Martin,,,' }), {})).toEqual({
      passed: true,
      text: 'The account alice exists (comment "Alice Martin,,,").',
    });
    expect(judge(check.user('alice', { comment: /^Alice Martin\b/ }), {}).passed).toBe(true);
    expect(judge(check.user('alice', { comment: 'Alice' }), {}, 'fr').text).toBe(
      'Le commentaire (GECOS) de alice est « Alice Martin,,, » (attendu : « Alice »).',
    );
    expect(judge(check.user('www-data', { comment: /Serveur/ }), {}).text).toBe(
      'www-data\'s comment (GECOS) is "" (expected matching /Serveur/).',
    );
  });
});

describe('user: /etc/shadow', () => {
  it('reads /etc/shadow only when asked', () => {
    const plain = check.user('alice', { shell: '/bin/bash' });
    expect(kindOf(plain).plan(plain).reads).toEqual(['/etc/passwd', '/etc/group']);
    const locked = check.user('alice', { locked: true });
    expect(kindOf(locked).plan(locked).reads).toContain('/etc/shadow');
  });

  it('chage fields, in both directions', () => {
    const chage = { minDays: 1, maxDays: 90, warnDays: 14, inactiveDays: 30, expires: '2100-01-01' };
    expect(judge(check.user('alice', { chage }), { files })).toEqual({
      passed: true,
      text: 'The account alice exists (password ageing as expected).',
    });
    expect(judge(check.user('root', { chage: { maxDays: 90 } }), { files }, 'fr').text).toBe(
      'Pour root, la durée de validité du mot de passe est 99999 jours (attendu : 90 jours).',
    );
    expect(
      judge(check.user('root', { chage: { maxDays: 'never', inactiveDays: 'never' } }), { files }).passed,
    ).toBe(true);
    expect(judge(check.user('alice', { chage: { maxDays: 'never' } }), { files }).text).toBe(
      "alice's maximum password age is 90 days (expected none).",
    );
    expect(judge(check.user('alice', { chage: { warnDays: 7 } }), { files }).text).toBe(
      "alice's password expiry warning is 14 days (expected 7 days).",
    );
    expect(judge(check.user('root', { chage: { inactiveDays: 30 } }), { files }, 'fr').text).toBe(
      "Pour root, le délai de désactivation après l'expiration du mot de passe est non défini (attendu : 30 jours).",
    );
    expect(judge(check.user('root', { chage: { minDays: 1 } }), { files }).text).toBe(
      "root's minimum days between password changes is 0 days (expected 1 day).",
    );
    expect(judge(check.user('root', { chage: { expires: '2030-06-30' } }), { files }, 'fr').text).toBe(
      'Le compte root expire jamais (attendu : le 2030-06-30).',
    );
    expect(judge(check.user('alice', { chage: { expires: 'never' } }), { files }).text).toBe(
      'The account alice expires on 2100-01-01 (expected never).',
    );
  });

  it('locked: the password field starts with !', () => {
    expect(
      judge(check.user('bob', { locked: true }), {
        files: { ...files, '/etc/passwd': 'bob:x:1001:1001::/home/bob:/bin/bash\n' },
      }).passed,
    ).toBe(true);
    expect(judge(check.user('alice', { locked: true }), { files }, 'fr').text).toBe(
      "Le mot de passe de alice n'est pas verrouillé.",
    );
    expect(judge(check.user('alice', { locked: false }), { files }).passed).toBe(true);
  });

  it('expired: account expiry in the past, or a password to change (lastchange 0)', () => {
    const passwd =
      'alice:x:1000:1000::/home/alice:/bin/bash\ncarol:x:1002:1002::/home/carol:/bin/bash\ndave:x:1003:1003::/home/dave:/bin/bash\n';
    const w = { files: { ...files, '/etc/passwd': passwd } };
    expect(judge(check.user('dave', { expired: true }), w)).toEqual({
      passed: true,
      text: 'The account dave exists (expired on 2000-01-01).',
    });
    expect(judge(check.user('carol', { expired: true }), w).passed).toBe(true);
    expect(judge(check.user('carol', { expired: false }), w, 'fr').text).toBe(
      'carol doit changer son mot de passe à la prochaine connexion.',
    );
    expect(judge(check.user('dave', { expired: false }), w).text).toBe(
      'The account dave expired on 2000-01-01.',
    );
    expect(judge(check.user('alice', { expired: true }), w, 'fr').text).toBe(
      "Le compte alice n'a pas expiré et son mot de passe n'est pas à changer.",
    );
    expect(judge(check.user('alice', { expired: false }), w).passed).toBe(true);
  });

  it('says when /etc/shadow has no line for the account', () => {
    expect(judge(check.user('www-data', { locked: true }), { files }).text).toBe(
      'www-data has no line in /etc/shadow.',
    );
  });

  it('refuses bad ageing values when the course loads', () => {
    for (const bad of [
      check.user('alice', { chage: { expires: '31/12/2030' } }),
      check.user('alice', { chage: { expires: '2030-02-30x' } }),
      check.user('alice', { chage: { maxDays: -1 } }),
      { ...check.user('alice'), chage: { maxdays: 3 } },
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
