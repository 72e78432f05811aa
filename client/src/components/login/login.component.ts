import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
import { loginStyles } from './login.styles.js';

/** Login / registration form. Fires `logged-in` (detail: User) on success. */
export class AtLogin extends LitElement {
  static override styles = loginStyles;

  @property({ type: Boolean }) registrationOpen = true;
  @state() private mode: 'login' | 'register' = 'login';
  @state() private busy = false;
  @state() private error = '';
  /** Each refused field's problem, shown under it. */
  @state() private fieldErrors: Record<string, string> = {};
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
      <p class="join">${t('forms.joinLead')} <a href="/join">${t('forms.joinLink')}</a></p>
    </section>`;
  }

  private toggle(): void {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.error = '';
    this.fieldErrors = {};
    this.usernameInput.focus();
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
    if (Object.keys(problems).length) return this.focusInvalid();
    this.busy = true;
    try {
      const user = await (register ? api.register(username, password) : api.login(username, password));
      this.dispatchEvent(loggedInEvent(user));
    } catch (err) {
      const texts = failureTexts(err, ['username', 'password']);
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
}
