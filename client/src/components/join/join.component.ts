import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import type { JoinPreview, JoinResult, User } from '../../lib/types.js';
import { joinStyles } from './join.styles.js';

/**
 * `/join` and `/join/:code`: a learner joins a class. Without a session: code, display name and a
 * password (an account is made, its login shown once); with one: the code alone. Fires `logged-in`
 * (detail: User) when the learner goes on to their courses.
 */
export class AtJoin extends LitElement {
  static override styles = joinStyles;

  @property() code = '';
  @property({ attribute: false }) user?: User;
  @state() private preview?: JoinPreview;
  @state() private result?: JoinResult;
  @state() private busy = false;
  @state() private error = '';

  constructor() {
    super();
    new I18nController(this);
  }

  protected override firstUpdated(): void {
    document.title = `${t('join.title')} · Atelier`;
    this.renderRoot.querySelector<HTMLInputElement>(this.code ? '#displayName, #code' : '#code')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && this.code) void this.lookup(this.code);
  }

  private async lookup(code: string): Promise<void> {
    try {
      this.preview = await api.joinPreview(code.trim());
      this.error = '';
    } catch (err) {
      this.preview = undefined;
      if (err instanceof ApiError && err.status !== 404) this.error = errorText(err);
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const code = String(form.get('code') ?? '').trim();
    const displayName = String(form.get('displayName') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!code || (!this.user && (!displayName || !password))) return void (this.error = t('join.missing'));
    this.busy = true;
    this.error = '';
    try {
      this.result = await api.join(this.user ? { code } : { code, displayName, password });
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private goOn(): void {
    const user = this.result?.user ?? this.user;
    if (user) this.dispatchEvent(loggedInEvent(user));
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
        this.user
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
    const closed = this.preview && !this.preview.joiningOpen;
    return html`<h1 id="title">${t('join.title')}</h1>
      <p class="intro">${t('join.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <label
          >${t('join.code')}
          <input
            id="code"
            name="code"
            class="code-input"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            required
            .value=${this.code}
            @change=${(e: Event) => void this.lookup((e.target as HTMLInputElement).value)}
          />
          ${this.preview ? html`<small class="found ${closed ? 'closed' : ''}">${closed ? t('join.closed') : t('join.found', { name: this.preview.name })}</small>` : nothing}
        </label>
        ${
          this.user
            ? html`<p class="as">${t('join.as', { name: this.user.username })}</p>`
            : html`<label
                  >${t('join.displayName')}
                  <input
                    id="displayName"
                    name="displayName"
                    autocomplete="name"
                    required
                    maxlength="40"
                    aria-describedby="dn-hint"
                  />
                  <small class="hint" id="dn-hint">${t('join.displayNameHint')}</small>
                </label>
                <label
                  >${t('join.password')}
                  <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-describedby="pw-hint"
                  />
                  <small class="hint" id="pw-hint">${t('join.passwordHint')}</small>
                </label>`
        }
        <div aria-live="assertive">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('join.busy')}` : t('join.submit')}
        </button>
      </form>
      ${this.user ? nothing : html`<p class="switch"><a href="/login">${t('join.haveAccount')}</a></p>`}`;
  }
}
