// Failures in the learner's language: every reason worded in fr and en, params filled in, fallbacks.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorText } from '../../../client/src/lib/api.js';
import { errorsEn, errorsFr, type Wording } from '../../../client/src/lib/error-messages.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const parts = (w: Wording) => (typeof w === 'string' ? { text: w, bare: w } : w);

describe('error catalog', () => {
  it('words the same reasons in French and English, with the same placeholders', () => {
    expect(Object.keys(errorsEn).sort()).toEqual(Object.keys(errorsFr).sort());
    for (const [reason, fr] of Object.entries(errorsFr)) {
      const en = errorsEn[reason as keyof typeof errorsEn];
      expect(typeof en, reason).toBe(typeof fr);
      const [f, e] = [parts(fr), parts(en)];
      for (const s of [f.text, f.bare, e.text, e.bare]) expect(s.trim(), reason).not.toBe('');
      expect(placeholders(e.text), reason).toEqual(placeholders(f.text));
      // A plain string and the `bare` form must read well without any params.
      expect(placeholders(f.bare), reason).toEqual([]);
      expect(placeholders(e.bare), reason).toEqual([]);
      if (typeof fr !== 'string') expect(placeholders(f.text), reason).not.toEqual([]);
    }
  });
});

describe('errorText', () => {
  it('translates the reason instead of showing the French server message', () => {
    const taken = new ApiError(409, 'username-taken', 'Ce nom d’utilisateur est déjà pris.');
    expect(errorText(taken, 'en')).toBe('This username is already taken.');
    expect(errorText(taken, 'fr')).toBe('Ce nom d’utilisateur est déjà pris.');
  });

  it('fills in params, and words the reason without them when they are missing', () => {
    const limited = new ApiError(429, 'rate-limited', 'Trop de tentatives, réessayez dans 30 s.', {
      wait: 30,
    });
    expect(errorText(limited, 'en')).toBe('Too many attempts, try again in 30 s.');
    expect(errorText(new ApiError(429, 'rate-limited', 'Trop de requêtes : ralentissez.'), 'en')).toBe(
      'Too many requests: slow down.',
    );
    const ack = { ok: false, reason: 'too-many-terminals', message: 'Au plus 3…', params: { max: 3 } };
    expect(errorText(ack, 'fr')).toBe('Au plus 3 terminaux ouverts à la fois : fermez-en un.');
    expect(errorText(new ApiError(404, 'unknown-course', '', { id: 'nginx' }), 'en')).toBe(
      'Unknown course: nginx',
    );
  });

  it('falls back to the server message for a reason it does not know, then to a generic sentence', () => {
    const newer = { reason: 'brand-new-reason', message: 'Message du serveur.' };
    expect(errorText(newer, 'en')).toBe('Message du serveur.');
    expect(errorText({ reason: 'brand-new-reason', message: '' }, 'en')).toBe(errorsEn.unexpected);
  });

  it('words client-side failures: no answer, HTTP errors without the envelope, a refused socket', () => {
    expect(errorText(new ApiError(0, 'network-error', ''), 'en')).toBe(
      'The server is not answering. Check your connection.',
    );
    expect(errorText(new Error('operation has timed out'), 'fr')).toBe(
      'Le serveur ne répond pas. Vérifiez votre connexion.',
    );
    expect(errorText(new ApiError(502, 'http-502', 'Bad Gateway'), 'en')).toBe(
      'The server answered with an error (HTTP 502).',
    );
    const refused = { kind: 'failed', reason: 'socket-refused', message: 'not-authenticated' };
    expect(errorText(refused, 'en')).toBe('The server refused the live connection: reload the page.');
  });
});

describe('ApiError from a response', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (status: number, body: unknown) =>
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));

  it('carries the envelope’s reason, message and params', async () => {
    answer(429, { error: { reason: 'rate-limited', message: 'Trop de tentatives…', params: { wait: 12 } } });
    const err = await api.login('zoe', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, reason: 'rate-limited', params: { wait: 12 } });
    expect(errorText(err, 'en')).toBe('Too many attempts, try again in 12 s.');
  });

  it('names an answer without the envelope by its status', async () => {
    answer(503, 'proxy page');
    const err = await api.courses('fr').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, reason: 'http-503' });
  });
});
