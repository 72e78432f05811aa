// A refused request body names each refused field and its problem (params of `invalid-request`), so the
// client words it under that field instead of showing the schema's French detail with English names.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newPasswordSchema, usernameSchema } from '../../../server/auth/credential-schemas.js';
import { AppError } from '../../../server/errors/app-error.js';
import { parseBody } from '../../../server/http/http-error.js';

const credentials = z.object({ username: usernameSchema, password: newPasswordSchema }).strict();

const refusal = (body: unknown) => {
  try {
    parseBody(credentials, body);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('accepted');
};

describe('parseBody', () => {
  it('gives each refused field its problem', () => {
    const err = refusal({ username: 'x'.repeat(300), password: 'court' });
    expect(err.reason).toBe('invalid-request');
    expect(err.params).toEqual({ username: 'too-long', password: 'too-short' });
  });

  it('tells a missing or blank field from a malformed one', () => {
    expect(refusal({ username: '  ', password: undefined }).params).toEqual({
      username: 'required',
      password: 'required',
    });
    expect(refusal({ username: 'zoé martin', password: 'un mot de passe solide' }).params).toEqual({
      username: 'format',
    });
  });

  it('names no field for a problem of the body as a whole', () => {
    expect(refusal({ username: 'zoe', password: 'un mot de passe solide', extra: 1 }).params).toEqual({});
  });
});
