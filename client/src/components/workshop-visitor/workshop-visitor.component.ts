import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, errorText } from '../../lib/api.js';
import { loggedInEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { User } from '../../lib/types.js';
import { workshopApi, type WorkshopPreview } from '../../lib/workshop-api.js';
import { dayIn, momentIn, timeIn } from '../../lib/workshop-format.js';
import { workshopVisitorStyles } from './workshop-visitor.styles.js';

/**
 * `/w/:code`: a workshop's link. Says what the workshop is and when, asks for an optional first name,
 * and in one click makes a visitor (no password, no e-mail) whose lab starts on the course page. Before
 * the window, after it and when every seat is taken it says so instead.
 */
export class AtWorkshopVisitor extends LitElement {
  static override styles = workshopVisitorStyles;

  @property() code = '';
  @property({ attribute: false }) user?: User;
  @state() private preview?: WorkshopPreview;
  @state() private unknown = false;
  @state() private busy = false;
  @state() private error = '';

  constructor() {
    super();
    new I18nController(this, () => void this.load());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && this.code) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.code) return;
    try {
      this.preview = await workshopApi.preview(this.code, i18n.lang);
      this.unknown = false;
      document.title = `${this.preview.name} · Atelier`;
    } catch (err) {
      this.preview = undefined;
      this.unknown = err instanceof ApiError && err.status === 404;
      if (!this.unknown) this.error = errorText(err);
    }
  }

  private async enter(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const firstName = String(new FormData(e.target as HTMLFormElement).get('firstName') ?? '').trim();
    this.busy = true;
    this.error = '';
    try {
      const entered = await workshopApi.enter(this.code, firstName, i18n.lang);
      // The shell goes to this route's afterLogin: the course page, where the lab starts.
      history.replaceState(null, '', `/w/${encodeURIComponent(this.code)}?then=${entered.courseId}`);
      this.dispatchEvent(loggedInEvent(entered.user));
    } catch (err) {
      this.error = errorText(err);
      void this.load();
    } finally {
      this.busy = false;
    }
  }

  private when(iso: string): string {
    return momentIn(iso, this.preview?.timeZone, i18n.lang);
  }

  override render() {
    return html`<section class="card" aria-labelledby="title">
      <p class="prompt" aria-hidden="true">$ atelier</p>
      ${this.unknown ? this.renderUnknown() : this.preview ? this.renderWorkshop(this.preview) : this.renderLoading()}
    </section>`;
  }

  private renderLoading() {
    return html`<h1 id="title">${t('visitor.title')}</h1>
      ${
        this.error
          ? html`<p class="error" role="alert">${this.error}</p>`
          : html`<p class="intro" role="status">${t('app.loading')}</p>`
      }`;
  }

  private renderUnknown() {
    return html`<h1 id="title">${t('visitor.title')}</h1>
      <p class="refusal" role="status" data-testid="workshop-refusal">${t('visitor.unknown')}</p>`;
  }

  private renderWorkshop(w: WorkshopPreview) {
    const window = t('workshop.window', {
      date: dayIn(w.opensAt, w.timeZone, i18n.lang),
      start: timeIn(w.opensAt, w.timeZone, i18n.lang),
      end: timeIn(w.closesAt, w.timeZone, i18n.lang),
    });
    return html`<h1 id="title">${w.name}</h1>
      <p class="intro">${t('visitor.intro')}</p>
      <dl>
        <dt>${t('visitor.courses')}</dt>
        <dd>${w.courses.map((c) => c.title).join(' · ')}</dd>
        <dt>${t('visitor.when')}</dt>
        <dd>${window}</dd>
      </dl>
      ${w.joined ? this.renderBack() : w.state === 'open' ? this.renderForm(w) : this.renderRefusal(w)}
      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>`;
  }

  private renderRefusal(w: WorkshopPreview) {
    const text =
      w.state === 'not-open'
        ? t('visitor.notOpen', { time: this.when(w.opensAt) })
        : w.state === 'ended'
          ? t('visitor.ended')
          : t('visitor.full');
    return html`<p class="refusal" role="status" data-testid="workshop-refusal" data-state=${w.state}>
      ${text}
    </p>`;
  }

  private renderBack() {
    return html`<form @submit=${this.enter}>
      <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('visitor.continue')}</button>
    </form>`;
  }

  private renderForm(w: WorkshopPreview) {
    return html`<form @submit=${this.enter} novalidate>
        <label
          >${t('visitor.firstName')}
          <input
            id="firstName"
            name="firstName"
            autocomplete="given-name"
            maxlength="40"
            aria-describedby="firstName-hint"
          />
          <small class="hint" id="firstName-hint">${t('visitor.firstNameHint')}</small>
        </label>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('visitor.entering')}` : t('visitor.enter')}
        </button>
      </form>
      <p class="kept">${t('visitor.kept', { time: timeIn(w.deletesAt, w.timeZone, i18n.lang) })}</p>`;
  }
}
