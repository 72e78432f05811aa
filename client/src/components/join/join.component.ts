import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { formatInZone } from '../../lib/class-week.js';
import { i18n, t } from '../../lib/i18n.js';
import { localLoginOf, providersOf, redirectProviders, ssoErrorText, ssoStartUrl } from '../../lib/sso.js';
import type { AppConfig, JoinPreview, JoinResult, SsoProvider, User } from '../../lib/types.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
import { orSeparator, renderAccountChoice, renderProviderLinks } from '../login/sso-parts.js';
import { joinStyles } from './join.styles.js';

/**
 * `/join` and `/join/:code`: a learner joins a class. Without a session: code, display name and a
 * password (an account is made, its login shown once), or an account of an identity provider (a link
 * per OpenID Connect provider, a login form for the directories); with one: the code alone. Fires
 * `logged-in` (detail: User) when the learner goes on to their courses.
 */
export class AtJoin extends LitElement {
  static override styles = joinStyles;

  @property() code = '';
  @property({ attribute: false }) user?: User;
  @property({ attribute: false }) config?: AppConfig;
  /** `?sso-error=` and `?provider=`: a provider's round trip that failed. */
  @property() ssoError?: string;
  @property() provider?: string;
  @state() private preview?: JoinPreview;
  /** The code `preview` is for (what a provider's link carries). */
  @state() private previewCode = '';
  @state() private result?: JoinResult;
  @state() private busy = false;
  @state() private error = '';
  /** Each refused field's problem, shown under it. */
  @state() private fieldErrors: Record<string, string> = {};
  /** Logged in here through a directory, the joining still to do (it failed, or is under way). */
  @state() private signedIn?: User;
  /** The directory picked in the directory form, and that form's own errors. */
  @state() private directory = '';
  @state() private dirError = '';
  @state() private dirFieldErrors: Record<string, string> = {};
  /** The URL's refusal was followed by another try: its alert goes. */
  @state() private ssoErrorDone = false;

  constructor() {
    super();
    new I18nController(this);
  }

  protected override firstUpdated(): void {
    document.title = `${t('join.title')} · Atelier`;
    this.renderRoot.querySelector<HTMLInputElement>(this.code ? '#displayName, #code' : '#code')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ssoError')) this.ssoErrorDone = false;
    if (changed.has('code') && this.code) void this.lookup(this.code);
  }

  private async lookup(code: string): Promise<void> {
    try {
      this.preview = await api.joinPreview(code.trim());
      this.previewCode = code.trim();
      this.error = '';
    } catch (err) {
      this.preview = undefined;
      this.previewCode = '';
      if (err instanceof ApiError && err.status !== 404) this.error = errorText(err);
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const code = String(form.get('code') ?? '').trim();
    const displayName = String(form.get('displayName') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const user = this.user ?? this.signedIn;
    // Without local accounts the form is the code alone: it looks the class up for the providers' links.
    if (!user && !localLoginOf(this.config)) return void this.lookup(code);
    this.ssoErrorDone = true;
    const problems = checkFields(user ? { code } : { code, displayName, password });
    this.fieldErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(field, problem)]),
    );
    this.error = '';
    if (Object.keys(problems).length) return this.focusInvalid();
    this.busy = true;
    try {
      this.result = await api.join(user ? { code } : { code, displayName, password });
    } catch (err) {
      const texts = failureTexts(err, user ? ['code'] : ['code', 'displayName', 'password']);
      this.fieldErrors = texts.fields;
      this.error = texts.form;
      this.focusInvalid();
    } finally {
      this.busy = false;
    }
  }

  /** A directory's login (as on the login page), then the joining with that session. */
  private async submitDirectory(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const provider = this.directory || this.directories()[0]?.id;
    this.dirFieldErrors = Object.fromEntries(
      Object.entries({ username, password })
        .filter(([, v]) => !v)
        .map(([k]) => [k, problemText(k, 'required')]),
    );
    this.dirError = '';
    this.ssoErrorDone = true;
    if (Object.keys(this.dirFieldErrors).length || !provider)
      return void this.updateComplete.then(() => focusFirstInvalid(formEl));
    this.busy = true;
    try {
      this.signedIn = await api.login(username, password, provider);
    } catch (err) {
      const texts = failureTexts(err, ['username', 'password']);
      this.dirFieldErrors = texts.fields;
      const reason = (err as { reason?: unknown }).reason;
      this.dirError =
        reason === 'sso-unavailable' ? ssoErrorText(reason, provider, this.config, i18n.lang) : texts.form;
      this.busy = false;
      return void this.updateComplete.then(() => focusFirstInvalid(formEl));
    }
    // Logged in: a refusal now (class full, closed) shows in the code's form, which goes on as this user.
    try {
      this.result = await api.join({ code: this.previewCode });
    } catch (err) {
      const texts = failureTexts(err, ['code']);
      this.fieldErrors = texts.fields;
      this.error = texts.form;
      this.focusInvalid();
    } finally {
      this.busy = false;
    }
  }

  private focusInvalid(): void {
    void this.updateComplete.then(() => focusFirstInvalid(this.renderRoot));
  }

  private goOn(): void {
    const user = this.result?.user ?? this.user ?? this.signedIn;
    if (user) this.dispatchEvent(loggedInEvent(user));
  }

  private directories(): SsoProvider[] {
    return providersOf(this.config).filter((p) => p.kind === 'ldap');
  }

  override render() {
    return html`<section class="card" aria-labelledby="title">
      <p class="prompt" aria-hidden="true">$ join</p>
      ${this.result ? this.renderWelcome(this.result) : this.renderForm()}
    </section>`;
  }

  private renderWelcome(r: JoinResult) {
    return html`<h1 id="title">${t('join.welcome', { name: r.class.name })}</h1>
      ${
        this.user || this.signedIn
          ? nothing
          : html`<div class="login-box" role="status">
              <p>
                ${t('join.username')}
                <strong class="username" data-testid="join-username">${r.user.username}</strong>
              </p>
              <p class="hint">${t('join.remember')}</p>
            </div>`
      }
      <button class="btn btn-primary" type="button" @click=${this.goOn}>${t('join.go')}</button>`;
  }

  private renderForm() {
    const closed = this.preview && (!this.preview.joiningOpen || !!this.preview.closedReason);
    const user = this.user ?? this.signedIn;
    const local = localLoginOf(this.config);
    return html`<h1 id="title">${t('join.title')}</h1>
      <p class="intro">${t('join.intro')}</p>
      ${
        this.ssoError && !this.ssoErrorDone
          ? html`<p class="error sso-error" role="alert">
              ${ssoErrorText(this.ssoError, this.provider, this.config, i18n.lang)}
            </p>`
          : nothing
      }
      ${
        this.preview?.closedReason === 'ended'
          ? html`<p class="ended" role="status" data-testid="join-ended">${endedText(this.preview)}</p>`
          : nothing
      }
      <form @submit=${this.submit} novalidate>
        ${renderField({
          name: 'code',
          label: t('join.code'),
          inputClass: 'code-input',
          value: this.code,
          onChange: (e: Event) => void this.lookup((e.target as HTMLInputElement).value),
          error: this.fieldErrors.code,
          extra: this.preview
            ? html`<small class="found ${closed ? 'closed' : ''}" data-testid="join-found"
                >${closed ? t('join.closed') : t('join.found', { name: this.preview.name })}</small
              >`
            : nothing,
        })}
        ${
          user
            ? html`<p class="as">${t('join.as', { name: user.username })}</p>`
            : !local
              ? nothing
              : html`${renderField({
                  name: 'displayName',
                  label: t('join.displayName'),
                  autocomplete: 'name',
                  hint: t('join.displayNameHint'),
                  error: this.fieldErrors.displayName,
                })}
                ${renderField({
                  name: 'password',
                  type: 'password',
                  label: t('join.password'),
                  autocomplete: 'new-password',
                  hint: t('forms.hint.joinPassword', bounds('password')),
                  error: this.fieldErrors.password,
                })}`
        }
        <div aria-live="assertive">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        ${
          user || local
            ? html`<button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
                ${
                  this.busy
                    ? html`<span class="spinner" aria-hidden="true"></span>${t('join.busy')}`
                    : t('join.submit')
                }
              </button>`
            : nothing
        }
      </form>
      ${user || !this.preview || closed ? nothing : this.renderProviders(local)}
      ${user ? nothing : html`<p class="switch"><a href="/login">${t('join.haveAccount')}</a></p>`}`;
  }

  /** The class is found and open: its code goes to the provider and back (OIDC), or with a directory's login. */
  private renderProviders(local: boolean) {
    const oidc = redirectProviders(this.config);
    const dirs = this.directories();
    if (!oidc.length && !dirs.length) return nothing;
    return html`${local ? orSeparator() : nothing}
      <section class="sso" aria-labelledby="sso-title">
        <h2 id="sso-title">${t('sso.joinExisting')}</h2>
        ${renderProviderLinks(oidc, 'sso.joinWith', (p) => ssoStartUrl(p.id, { join: this.previewCode }))}
        ${oidc.length && dirs.length ? orSeparator() : nothing}
        ${dirs.length ? this.renderDirectoryForm(dirs) : nothing}
      </section>`;
  }

  private renderDirectoryForm(dirs: SsoProvider[]) {
    const ids = dirs.map((p) => p.id);
    return html`<form class="directory" @submit=${this.submitDirectory} novalidate>
      ${renderAccountChoice({
        accounts: ids,
        providers: dirs,
        selected: ids.includes(this.directory) ? this.directory : (ids[0] ?? ''),
        onSelect: (id) => (this.directory = id),
        idPrefix: 'dir-',
      })}
      ${renderField({
        name: 'username',
        label: t('login.username'),
        autocomplete: 'username',
        idPrefix: 'dir-',
        error: this.dirFieldErrors.username,
      })}
      ${renderField({
        name: 'password',
        type: 'password',
        label: t('login.password'),
        autocomplete: 'current-password',
        idPrefix: 'dir-',
        error: this.dirFieldErrors.password,
      })}
      <div aria-live="assertive">
        ${this.dirError ? html`<p class="error" role="alert">${this.dirError}</p>` : nothing}
      </div>
      <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('sso.joinSubmit')}</button>
    </form>`;
  }
}

/** The class is over: the day it ended (in the class's time zone when the server gives it). */
function endedText(p: JoinPreview): string {
  const end = p.joiningClosesAt;
  return end ? t('join.ended', { date: formatInZone(end, p.timeZone, i18n.lang) }) : t('join.endedNoDate');
}
