import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { loginStyles } from './login.styles.js';

/** Login / registration form. Fires `logged-in` (detail: User) on success. */
export class AtLogin extends LitElement {
  static override styles = loginStyles;

  @property({ type: Boolean }) registrationOpen = true;
  @state() private mode: 'login' | 'register' = 'login';
  @state() private busy = false;
  @state() private error = '';
  @query('#username') private usernameInput!: HTMLInputElement;

  constructor() {
    super();
    new I18nController(this);
  }

  protected override firstUpdated(): void {
    this.usernameInput.focus();
    document.title = `${t('login.title')} · Atelier`;
  }

  override render() {
    const register = this.mode === 'register';
    const title = t(register ? 'login.registerTitle' : 'login.title');
    return html`<section class="card" aria-labelledby="title">
      <p class="prompt" aria-hidden="true">$ ssh atelier</p>
      <h1 id="title">${title}</h1>
      <p class="intro">${t('login.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <label
          >${t('login.username')}
          <input
            id="username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            required
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby="username-hint form-error"
          />${register ? html`<small class="hint" id="username-hint">${t('login.usernameHint')}</small>` : nothing}
        </label>
        <label
          >${t('login.password')}
          <input
            id="password"
            name="password"
            type="password"
            autocomplete=${register ? 'new-password' : 'current-password'}
            required
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby="password-hint form-error"
          />${register ? html`<small class="hint" id="password-hint">${t('login.passwordHint')}</small>` : nothing}
        </label>
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
      </form>
      <p class="switch">
        ${
          this.registrationOpen
            ? html`<button class="link" type="button" @click=${this.toggle}>
                ${t(register ? 'login.toLogin' : 'login.toRegister')}
              </button>`
            : html`<span class="closed">${t('login.closed')}</span>`
        }
      </p>
    </section>`;
  }

  private toggle(): void {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.error = '';
    this.usernameInput.focus();
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username || !password) {
      this.error = t('login.missing');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const user = await (this.mode === 'register'
        ? api.register(username, password)
        : api.login(username, password));
      this.dispatchEvent(loggedInEvent(user));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }
}
