import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
import {
  LOCAL,
  loginPlan,
  providerName,
  providersOf,
  signedOutProvider,
  ssoErrorText,
  ssoStartUrl,
  takeSignedOut,
  type SignedOut,
} from '../../lib/sso.js';
import type { AppConfig } from '../../lib/types.js';
import { loginStyles } from './login.styles.js';
import { orSeparator, renderAccountChoice, renderProviderLinks } from './sso-parts.js';

/**
 * Login / registration form, and the single sign-on providers: a link per OpenID Connect, CAS or SAML provider, a
 * « Compte » choice (directory or local) on the form. Fires `logged-in` (detail: User) on success.
 */
export class AtLogin extends LitElement {
  static override styles = loginStyles;

  @property({ type: Boolean }) registrationOpen = true;
  @property({ attribute: false }) config?: AppConfig;
  /** Where to go after the login (already checked same-site by the route). */
  @property() next?: string;
  /** `?sso-error=` and `?provider=`: a provider's round trip that failed. */
  @property() ssoError?: string;
  @property() provider?: string;
  /** `?local=1`: the local form on an instance where only administrators use it. */
  @property({ type: Boolean }) local = false;
  @state() private mode: 'login' | 'register' = 'login';
  /** The « Compte » picked: an LDAP provider's id or `local`. */
  @state() private account = '';
  @state() private busy = false;
  @state() private error = '';
  /** Each refused field's problem, shown under it. */
  @state() private fieldErrors: Record<string, string> = {};
  /** The URL's refusal was followed by another try: its alert goes. */
  @state() private ssoErrorDone = false;
  /** The logout just made left a provider's session open: its own logout is offered. */
  @state() private signedOut?: SignedOut = takeSignedOut();

  constructor() {
    super();
    new I18nController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ssoError')) this.ssoErrorDone = false;
    if (!changed.has('config') && !changed.has('local')) return;
    // The directories come first: on an instance that has one, it is the usual way in.
    const { accounts } = loginPlan(this.config, this.local);
    if (!accounts.includes(this.account)) this.account = accounts[0] ?? LOCAL;
    if (!accounts.length && this.mode === 'register') this.mode = 'login';
  }

  protected override firstUpdated(): void {
    // The password form keeps the focus it always had; without it, the provider's link takes it.
    (
      this.renderRoot.querySelector<HTMLElement>('#username') ?? this.renderRoot.querySelector('.btn-sso')
    )?.focus();
    document.title = `${t('login.title')} · Atelier`;
  }

  override render() {
    const register = this.mode === 'register';
    const title = t(register ? 'login.registerTitle' : 'login.title');
    const plan = loginPlan(this.config, this.local);
    const links = register ? [] : plan.oidc;
    return html`<section class="card" aria-labelledby="title">
      <p class="prompt" aria-hidden="true">$ ssh atelier</p>
      <h1 id="title">${title}</h1>
      <p class="intro">${t('login.intro')}</p>
      ${this.renderSignedOut()}
      ${
        this.ssoError && !this.ssoErrorDone
          ? html`<p class="error sso-error" role="alert">
              ${ssoErrorText(this.ssoError, this.provider, this.config, i18n.lang)}
            </p>`
          : nothing
      }
      ${plan.adminNote ? html`<p class="admin-note">${t('sso.localNote')}</p>` : nothing}
      ${renderProviderLinks(links, 'sso.with', (p) => ssoStartUrl(p.id, { next: this.next }))}
      ${links.length && plan.accounts.length ? orSeparator() : nothing}
      ${plan.accounts.length ? this.renderForm(plan.accounts) : nothing}
      ${plan.accounts.includes(LOCAL) && plan.register ? this.renderSwitch() : nothing}
      <p class="join">${t('forms.joinLead')} <a href="/join">${t('forms.joinLink')}</a></p>
      ${
        plan.adminLink
          ? html`<p class="admin-link"><a href=${this.localHref()}>${t('sso.adminLink')}</a></p>`
          : nothing
      }
    </section>`;
  }

  /** The administrators' local form, going where this login would have gone. */
  private localHref(): string {
    return `/login?${new URLSearchParams({ local: '1', ...(this.next ? { next: this.next } : {}) })}`;
  }

  /** After a logout from a provider's session: Atelier's is done, the provider's is one link away. */
  private renderSignedOut() {
    const s = this.signedOut;
    if (!s) return nothing;
    const p = signedOutProvider(s, this.config);
    return html`<div class="notice" role="status" data-testid="signed-out">
      <p>${t('sso.signedOut')}</p>
      <p>
        <a href=${s.url}
          >${p ? t('sso.signOutToo', { name: providerName(p, i18n.lang) }) : t('sso.signOutTooBare')}</a
        >
      </p>
    </div>`;
  }

  private renderForm(accounts: string[]) {
    const register = this.mode === 'register';
    return html`<form @submit=${this.submit} novalidate>
      ${
        register
          ? nothing
          : renderAccountChoice({
              accounts,
              providers: providersOf(this.config),
              selected: this.account,
              onSelect: (id) => (this.account = id),
            })
      }
      ${renderField({
        name: 'username',
        label: t('login.username'),
        autocomplete: 'username',
        hint: register ? t('forms.hint.username', bounds('username')) : undefined,
        error: this.fieldErrors.username,
      })}
      ${renderField({
        name: 'password',
        type: 'password',
        label: t('login.password'),
        autocomplete: register ? 'new-password' : 'current-password',
        hint: register ? t('forms.hint.password', bounds('password')) : undefined,
        error: this.fieldErrors.password,
      })}
      <div id="form-error" aria-live="assertive">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>
      <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
        ${
          this.busy
            ? html`<span class="spinner" aria-hidden="true"></span>${t('login.busy')}`
            : t(register ? 'login.registerSubmit' : 'login.submit')
        }
      </button>
    </form>`;
  }

  private renderSwitch() {
    const register = this.mode === 'register';
    return html`<p class="switch">
      ${
        this.registrationOpen
          ? html`<button class="link" type="button" @click=${this.toggle}>
              ${t(register ? 'login.toLogin' : 'login.toRegister')}
            </button>`
          : html`<span class="closed">${t('login.closed')}</span>`
      }
    </p>`;
  }

  private toggle(): void {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.error = '';
    this.fieldErrors = {};
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('#username')?.focus(),
    );
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const register = this.mode === 'register';
    // Logging in checks presence only: an old account may predate today's rules.
    const problems = register
      ? checkFields({ username, password })
      : Object.fromEntries(
          Object.entries({ username, password })
            .filter(([, v]) => !v)
            .map(([k]) => [k, 'required' as const]),
        );
    this.fieldErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(field, problem)]),
    );
    this.error = '';
    this.ssoErrorDone = true;
    if (Object.keys(problems).length) return this.focusInvalid();
    this.busy = true;
    const provider = register || this.account === LOCAL ? undefined : this.account;
    try {
      const user = await (register
        ? api.register(username, password)
        : api.login(username, password, provider));
      this.dispatchEvent(loggedInEvent(user));
    } catch (err) {
      const texts = failureTexts(err, ['username', 'password']);
      this.fieldErrors = texts.fields;
      // A directory that does not answer is named (the server's error does not say which).
      const reason = (err as { reason?: unknown }).reason;
      this.error =
        provider && reason === 'sso-unavailable'
          ? ssoErrorText(reason, provider, this.config, i18n.lang)
          : texts.form;
      this.focusInvalid();
    } finally {
      this.busy = false;
    }
  }

  private focusInvalid(): void {
    void this.updateComplete.then(() => focusFirstInvalid(this.renderRoot));
  }
}
