import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { formatInZone } from '../../lib/class-week.js';
import { i18n, t } from '../../lib/i18n.js';
import type { JoinPreview, JoinResult, User } from '../../lib/types.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
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
  /** Each refused field's problem, shown under it. */
  @state() private fieldErrors: Record<string, string> = {};

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
    const problems = checkFields(this.user ? { code } : { code, displayName, password });
    this.fieldErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(field, problem)]),
    );
    this.error = '';
    if (Object.keys(problems).length) return this.focusInvalid();
    this.busy = true;
    try {
      this.result = await api.join(this.user ? { code } : { code, displayName, password });
    } catch (err) {
      const texts = failureTexts(err, this.user ? ['code'] : ['code', 'displayName', 'password']);
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
    const closed = this.preview && (!this.preview.joiningOpen || !!this.preview.closedReason);
    return html`<h1 id="title">${t('join.title')}</h1>
      <p class="intro">${t('join.intro')}</p>
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
          this.user
            ? html`<p class="as">${t('join.as', { name: this.user.username })}</p>`
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
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('join.busy')}` : t('join.submit')}
        </button>
      </form>
      ${this.user ? nothing : html`<p class="switch"><a href="/login">${t('join.haveAccount')}</a></p>`}`;
  }
}

/** The class is over: the day it ended (in the class's time zone when the server gives it). */
function endedText(p: JoinPreview): string {
  const end = p.joiningClosesAt;
  return end ? t('join.ended', { date: formatInZone(end, p.timeZone, i18n.lang) }) : t('join.endedNoDate');
}
