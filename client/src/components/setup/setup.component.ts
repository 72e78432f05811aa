import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { setupStyles } from './setup.styles.js';

/** `/setup?token=…`: the first start's one-time link creates the administrator. Fires `logged-in`. */
export class AtSetup extends LitElement {
  static override styles = setupStyles;

  @property() token = '';
  @state() private needed?: boolean;
  @state() private busy = false;
  @state() private error = '';

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
    if (!username || !password) return void (this.error = t('login.missing'));
    this.busy = true;
    this.error = '';
    try {
      const user = await api.setup(this.token, username, password);
      this.dispatchEvent(loggedInEvent(user));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
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
        <label
          >${t('login.username')}
          <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required />
          <small class="hint">${t('login.usernameHint')}</small>
        </label>
        <label
          >${t('login.password')}
          <input name="password" type="password" autocomplete="new-password" required />
          <small class="hint">${t('login.passwordHint')}</small>
        </label>
        <div aria-live="assertive">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy || this.needed === undefined}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('login.busy')}` : t('setup.submit')}
        </button>
      </form>`;
  }
}
