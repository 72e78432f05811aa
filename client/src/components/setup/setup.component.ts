import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
import { setupStyles } from './setup.styles.js';

/** `/setup?token=…`: the first start's one-time link creates the administrator. Fires `logged-in`. */
export class AtSetup extends LitElement {
  static override styles = setupStyles;

  @property() token = '';
  @state() private needed?: boolean;
  @state() private busy = false;
  @state() private error = '';
  /** Each refused field's problem, shown under it. */
  @state() private fieldErrors: Record<string, string> = {};

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = `${t('setup.title')} · Atelier`;
    api.setupNeeded().then(
      (r) => (this.needed = r.needed),
      (err: unknown) => (this.error = errorText(err)),
    );
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const problems = checkFields({ username, password });
    this.fieldErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(field, problem)]),
    );
    this.error = '';
    if (Object.keys(problems).length) return this.focusInvalid();
    this.busy = true;
    try {
      const user = await api.setup(this.token, username, password);
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

  override render() {
    return html`<section class="card" aria-labelledby="title">
      <p class="prompt" aria-hidden="true"># setup</p>
      <h1 id="title">${t('setup.title')}</h1>
      ${
        this.needed === false
          ? html`<p class="intro">${t('setup.done')}</p>
              <a class="btn btn-primary" href="/login">${t('setup.toLogin')}</a>`
          : this.renderForm()
      }
    </section>`;
  }

  private renderForm() {
    if (!this.token) return html`<p class="error" role="alert">${t('setup.noToken')}</p>`;
    return html`<p class="intro">${t('setup.intro')}</p>
      <form @submit=${this.submit} novalidate>
        ${renderField({
          name: 'username',
          label: t('login.username'),
          autocomplete: 'username',
          hint: t('forms.hint.username', bounds('username')),
          error: this.fieldErrors.username,
        })}
        ${renderField({
          name: 'password',
          type: 'password',
          label: t('login.password'),
          autocomplete: 'new-password',
          hint: t('forms.hint.password', bounds('password')),
          error: this.fieldErrors.password,
        })}
        <div aria-live="assertive">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy || this.needed === undefined}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('login.busy')}` : t('setup.submit')}
        </button>
      </form>`;
  }
}
