// Single sign-on on the client: which ways to log in a page offers (from /api/config), the links that
// start a provider's round trip, its refusals in words, and the provider's logout kept for the login page.
// No DOM here: the pages (components/login, components/join) render what these say.
import { errorMessage } from './error-messages.js';
import type { KeyValueStore } from './i18n.js';
import type { AppConfig, Lang, SsoProvider } from './types.js';

/** The local password's choice in the « Compte » group (the LDAP providers' ids are lowercase words). */
export const LOCAL = 'local';

export const providersOf = (config?: AppConfig): SsoProvider[] => config?.sso?.providers ?? [];

/** An older server says nothing: local accounts, as before. */
export const localLoginOf = (config?: AppConfig): boolean => config?.localLogin !== false;

export const providerName = (p: SsoProvider, lang: Lang): string => p.name[lang] || p.name.fr;

/** The providers reached by a round trip in the browser (a button each): OpenID Connect, CAS, SAML. */
export const redirectProviders = (config?: AppConfig): SsoProvider[] =>
  providersOf(config).filter((p) => p.kind !== 'ldap');

/** What the login page offers. */
export interface LoginPlan {
  /** One link each, to the provider's page (OpenID Connect, CAS and SAML alike). */
  oidc: SsoProvider[];
  /** The password form's « Compte » choices: the LDAP providers, then `local`; empty: no form. */
  accounts: string[];
  /** Creating a local account is offered (the server may still say registration is closed). */
  register: boolean;
  /** `?local=1` on an instance without local logins: the administrators' way in, said so. */
  adminNote: boolean;
  /** « Administrateur ? Connexion locale »: local logins are off and this is not `?local=1`. */
  adminLink: boolean;
}

export function loginPlan(config: AppConfig | undefined, local: boolean): LoginPlan {
  const providers = providersOf(config);
  const localOn = localLoginOf(config);
  // Without any provider the local form stays, whatever the setting: nobody could log in otherwise.
  const localShown = localOn || local || providers.length === 0;
  const ldap = providers.filter((p) => p.kind === 'ldap').map((p) => p.id);
  return {
    oidc: redirectProviders(config),
    accounts: [...ldap, ...(localShown ? [LOCAL] : [])],
    register: localOn,
    adminNote: !localOn && local,
    adminLink: !localOn && !local && providers.length > 0,
  };
}

/** A provider's start URL: a full navigation (the server answers with a redirect to the provider). */
export function ssoStartUrl(id: string, q: { next?: string; join?: string } = {}): string {
  const params = new URLSearchParams();
  if (q.next) params.set('next', q.next);
  if (q.join) params.set('join', q.join);
  const query = params.toString();
  return `/api/auth/sso/${encodeURIComponent(id)}/start${query ? `?${query}` : ''}`;
}

/**
 * `?sso-error=<reason>&provider=<id>` in words. The provider's name comes from the config only: a
 * crafted URL cannot put its own words on the page (an unknown id gets the wording without a name).
 */
export function ssoErrorText(
  reason: string,
  providerId: string | undefined,
  config: AppConfig | undefined,
  lang: Lang,
): string {
  const p = providersOf(config).find((x) => x.id === providerId);
  return errorMessage(lang, reason, p ? { name: providerName(p, lang) } : {});
}

/** After a logout from a provider's session: its own logout, offered once on the login page. */
export interface SignedOut {
  url: string;
  providerId?: string;
}

const SIGNED_OUT_KEY = 'atelier.signedOut';

type Store = KeyValueStore & { removeItem(key: string): void };

const sessionStore = (): Store | undefined =>
  typeof sessionStorage === 'undefined' ? undefined : sessionStorage;

/** Kept for the login page; only an http(s) URL (it becomes a link's href). */
export function keepSignedOut(s: SignedOut, store = sessionStore()): void {
  if (!/^https?:\/\//i.test(s.url)) return;
  try {
    store?.setItem(SIGNED_OUT_KEY, JSON.stringify(s));
  } catch {
    // storage refused (private mode): the notice is not shown, the logout happened all the same
  }
}

/** The kept logout, removed as it is read (shown once). */
export function takeSignedOut(store = sessionStore()): SignedOut | undefined {
  try {
    const raw = store?.getItem(SIGNED_OUT_KEY);
    store?.removeItem(SIGNED_OUT_KEY);
    const s = raw ? (JSON.parse(raw) as Partial<SignedOut>) : undefined;
    if (typeof s?.url !== 'string' || !/^https?:\/\//i.test(s.url)) return undefined;
    return { url: s.url, ...(typeof s.providerId === 'string' ? { providerId: s.providerId } : {}) };
  } catch {
    return undefined;
  }
}

/** The provider to name in « Se déconnecter aussi de … »: the one said, else the only OIDC one. */
export function signedOutProvider(s: SignedOut, config: AppConfig | undefined): SsoProvider | undefined {
  const providers = providersOf(config);
  const oidc = providers.filter((p) => p.kind === 'oidc');
  return providers.find((p) => p.id === s.providerId) ?? (oidc.length === 1 ? oidc[0] : undefined);
}
