// Single sign-on on the client: what the login page offers for each configuration, the providers'
// links, their refusals in words, and the provider's logout kept for the login page.
import { describe, expect, it } from 'vitest';
import { api, ApiError, errorText } from '../../../client/src/lib/api.js';
import {
  keepSignedOut,
  loginPlan,
  signedOutProvider,
  ssoErrorText,
  ssoStartUrl,
  takeSignedOut,
} from '../../../client/src/lib/sso.js';
import type { AppConfig, SsoProvider } from '../../../client/src/lib/types.js';

const univ: SsoProvider = {
  id: 'univ',
  kind: 'oidc',
  name: { fr: 'Compte de l’université', en: 'University account' },
};
const annuaire: SsoProvider = { id: 'annuaire', kind: 'ldap', name: { fr: 'Annuaire', en: 'Directory' } };
const config = (providers: SsoProvider[], localLogin?: boolean): AppConfig => ({
  defaultLang: 'fr',
  registrationOpen: true,
  version: 'test',
  sso: { providers },
  ...(localLogin === undefined ? {} : { localLogin }),
});

const memoryStore = () => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
};

describe('loginPlan', () => {
  it('an older server (no sso, no localLogin): the local form and registration, as before', () => {
    const { sso: _sso, ...old } = config([]);
    expect(loginPlan(old, false)).toEqual({
      oidc: [],
      accounts: ['local'],
      register: true,
      adminNote: false,
      adminLink: false,
    });
  });

  it('offers each OIDC provider as a link, and the directories before the local account', () => {
    const plan = loginPlan(config([univ, annuaire], true), false);
    expect(plan.oidc.map((p) => p.id)).toEqual(['univ']);
    expect(plan.accounts).toEqual(['annuaire', 'local']);
    expect(plan.register).toBe(true);
    expect(plan.adminLink).toBe(false);
  });

  it('local logins off: no local choice nor registration, unless ?local=1 (said so)', () => {
    const off = config([univ, annuaire], false);
    expect(loginPlan(off, false)).toMatchObject({
      accounts: ['annuaire'],
      register: false,
      adminNote: false,
      adminLink: true,
    });
    expect(loginPlan(off, true)).toMatchObject({
      accounts: ['annuaire', 'local'],
      register: false,
      adminNote: true,
      adminLink: false,
    });
  });

  it('local logins off and no directory: no password form at all, the providers’ links only', () => {
    expect(loginPlan(config([univ], false), false)).toMatchObject({ accounts: [], adminLink: true });
    expect(loginPlan(config([univ], false), true).accounts).toEqual(['local']);
    // Without any provider nobody could log in: the local form stays.
    expect(loginPlan(config([], false), false).accounts).toEqual(['local']);
  });
});

describe('provider links and refusals', () => {
  it('starts at the server with the post-login target or the class code, encoded', () => {
    expect(ssoStartUrl('univ')).toBe('/api/auth/sso/univ/start');
    expect(ssoStartUrl('univ', { next: '/courses/x?start=1' })).toBe(
      '/api/auth/sso/univ/start?next=%2Fcourses%2Fx%3Fstart%3D1',
    );
    expect(ssoStartUrl('univ', { join: 'NGINX 48&1' })).toBe('/api/auth/sso/univ/start?join=NGINX+48%261');
  });

  it('words ?sso-error= with the provider’s configured name, in both languages', () => {
    const c = config([univ]);
    expect(ssoErrorText('sso-unavailable', 'univ', c, 'fr')).toBe(
      'Le fournisseur Compte de l’université ne répond pas. Réessayez plus tard ou utilisez un autre moyen de connexion.',
    );
    expect(ssoErrorText('sso-failed', 'univ', c, 'en')).toBe(
      'University account sent back an invalid answer: login refused.',
    );
    expect(ssoErrorText('sso-expired', 'univ', c, 'fr')).toBe(
      'La connexion a expiré ou a déjà servi : recommencez.',
    );
    expect(ssoErrorText('sso-denied', 'univ', c, 'en')).toContain('University account');
  });

  it('never shows a name the URL brings: an unknown provider or reason gets the plain wording', () => {
    const c = config([univ]);
    expect(ssoErrorText('sso-failed', 'Votre banque', c, 'fr')).toBe(
      'Le fournisseur d’identité a renvoyé une réponse invalide : connexion refusée.',
    );
    expect(ssoErrorText('<b>pirate</b>', 'univ', c, 'fr')).toBe('Une erreur inattendue est survenue.');
    expect(ssoErrorText('unknown-provider', 'nope', c, 'en')).toBe(
      'This way to log in does not exist on this instance.',
    );
  });

  it('words the API’s SSO refusals', () => {
    expect(errorText(new ApiError(403, 'local-login-off', ''), 'en')).toContain('administrators');
    expect(errorText(new ApiError(503, 'sso-unavailable', ''), 'fr')).toBe(
      'Le fournisseur d’identité ne répond pas. Réessayez plus tard ou utilisez un autre moyen de connexion.',
    );
    expect(errorText(new ApiError(404, 'unknown-identity', ''), 'fr')).toBe(
      'Compte de fournisseur d’identité introuvable.',
    );
  });
});

describe('logout from a provider’s session', () => {
  it('keeps an http(s) end-session URL once for the login page', () => {
    const store = memoryStore();
    keepSignedOut({ url: 'https://idp.example.org/logout?id_token_hint=x', providerId: 'univ' }, store);
    expect(takeSignedOut(store)).toEqual({
      url: 'https://idp.example.org/logout?id_token_hint=x',
      providerId: 'univ',
    });
    expect(takeSignedOut(store)).toBeUndefined();
  });

  it('refuses anything but an http(s) link', () => {
    const store = memoryStore();
    keepSignedOut({ url: 'javascript:alert(1)' }, store);
    expect(store.data.size).toBe(0);
    store.setItem('atelier.signedOut', JSON.stringify({ url: 'javascript:alert(1)' }));
    expect(takeSignedOut(store)).toBeUndefined();
    store.setItem('atelier.signedOut', '{not json');
    expect(takeSignedOut(store)).toBeUndefined();
  });

  it('names the provider said, else the only OIDC one', () => {
    const other: SsoProvider = { ...univ, id: 'autre' };
    expect(signedOutProvider({ url: 'https://x' }, config([univ, annuaire]))?.id).toBe('univ');
    expect(signedOutProvider({ url: 'https://x' }, config([univ, other]))).toBeUndefined();
    expect(signedOutProvider({ url: 'https://x', providerId: 'autre' }, config([univ, other]))?.id).toBe(
      'autre',
    );
  });

  it('api.logout: 204 is no provider logout, 200 gives its URL', async () => {
    const answers = [
      new Response(null, { status: 204 }),
      Response.json({ endSessionUrl: 'https://idp.example.org/logout' }),
    ];
    const real = globalThis.fetch;
    globalThis.fetch = (() => Promise.resolve(answers.shift()!)) as typeof fetch;
    try {
      expect(await api.logout()).toEqual({});
      expect(await api.logout()).toEqual({ endSessionUrl: 'https://idp.example.org/logout' });
    } finally {
      globalThis.fetch = real;
    }
  });
});
