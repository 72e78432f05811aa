// The forms' field checks: the browser refuses what the server's schemas refuse, with the same limits
// (server/auth/credential-limits.ts), and words each problem under its field.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/src/lib/api.js';
import { checkField, checkFields, failureTexts } from '../../../client/src/lib/forms-validation.js';
import { i18n } from '../../../client/src/lib/i18n.js';
import { newPasswordSchema, usernameSchema } from '../../../server/auth/credential-schemas.js';
import { displayNameSchema } from '../../../server/auth/display-name.js';

type Case = readonly [
  Parameters<typeof checkField>[0],
  string,
  { safeParse(v: unknown): { success: boolean } },
];

describe('field checks', () => {
  it('refuse exactly what the server’s schemas refuse', () => {
    const cases: Case[] = [
      ...['zoe-martin', 'Zoé', 'a', 'ab', 'a'.repeat(32), 'a'.repeat(33), 'zoé martin', 'x<y>', ' ab '].map(
        (v) => ['username', v, usernameSchema] as const,
      ),
      ...['court', 'dix chars!', 'x'.repeat(256), 'x'.repeat(257)].map(
        (v) => ['password', v, newPasswordSchema] as const,
      ),
      ...['Zoé Martin', "Jean-Luc O'Neil", 'x', '<script>', '  Zoé   Martin ', 'a'.repeat(41), '-abc'].map(
        (v) => ['displayName', v, displayNameSchema] as const,
      ),
    ];
    for (const [field, value, schema] of cases)
      expect(checkField(field, value) === undefined, `${field} ${JSON.stringify(value)}`).toBe(
        schema.safeParse(value).success,
      );
  });

  it('name the problem: required, too-short, too-long, format', () => {
    expect(checkFields({ username: '', password: 'court', displayName: 'a'.repeat(41) })).toEqual({
      username: 'required',
      password: 'too-short',
      displayName: 'too-long',
    });
    expect(checkFields({ username: 'zoé martin', code: 'NGINX-4821-7395' })).toEqual({ username: 'format' });
    expect(checkFields({ displayName: '' }, ['displayName'])).toEqual({});
    expect(checkField('name', 'x'.repeat(81))).toBe('too-long');
  });
});

describe('server refusals placed under their fields', () => {
  it('words invalid-request params per field, in the reader’s language', () => {
    i18n.set('fr');
    const err = new ApiError(400, 'invalid-request', 'username: …', {
      username: 'too-long',
      password: 'too-short',
    });
    expect(failureTexts(err, ['username', 'password'])).toEqual({
      fields: { username: 'Au plus 32 caractères.', password: 'Au moins 10 caractères.' },
      form: '',
    });
    i18n.set('en');
    expect(failureTexts(err, ['username', 'password']).fields.username).toBe('At most 32 characters.');
    i18n.set('fr');
  });

  it('puts a reason about one field under it, and anything else above the button', () => {
    expect(failureTexts(new ApiError(409, 'username-taken', ''), ['username'])).toEqual({
      fields: { username: 'Ce nom d’utilisateur est déjà pris.' },
      form: '',
    });
    const hidden = new ApiError(400, 'invalid-request', '', { token: 'too-long' });
    expect(failureTexts(hidden, ['username']).form).toBe('Requête invalide : vérifiez les champs saisis.');
    expect(failureTexts(new ApiError(401, 'bad-credentials', ''), ['username']).form).toBe(
      'Nom d’utilisateur ou mot de passe incorrect.',
    );
  });
});
