import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { ClassView } from '../../lib/types.js';
import { workshopApi, workshopPath } from '../../lib/workshop-api.js';
import { dayIn, timeIn } from '../../lib/workshop-format.js';
import { workshopBoardStyles } from './workshop-board.styles.js';

/** Seats taken move while visitors arrive. */
const REFRESH_MS = 15_000;

type BoardState = 'not-open' | 'open' | 'full' | 'ended';

function stateOf(w: ClassView, now = Date.now()): BoardState {
  if (w.endedAt || w.archived || (w.closesAt && now >= Date.parse(w.closesAt))) return 'ended';
  if (w.opensAt && now < Date.parse(w.opensAt)) return 'not-open';
  if (!w.joiningOpen || (w.capacity !== null && (w.seatsTaken ?? 0) >= w.capacity)) return 'full';
  return 'open';
}

/**
 * `/workshops/:id`: the trainer's workshop page. The short link and a large QR code for the projector
 * (« Plein écran »), the window and the seats taken, a link to the live grid, and after its end the
 * counts it keeps.
 */
export class AtWorkshopBoard extends LitElement {
  static override styles = workshopBoardStyles;

  @property() classId = '';
  @state() private workshop?: ClassView;
  @state() private error = '';
  @state() private notice = '';
  @query('.projector') private projector?: HTMLElement;
  private timer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    new I18nController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('classId') && this.classId) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    clearTimeout(this.timer);
    try {
      this.workshop = await api.getClass(this.classId);
      this.error = '';
      document.title = `${this.workshop.name} · Atelier`;
    } catch (err) {
      this.error = errorText(err);
    }
    if (this.isConnected && !this.workshop?.endedAt)
      this.timer = setTimeout(() => void this.load(), REFRESH_MS);
  }

  private get url(): string {
    return this.workshop ? location.origin + workshopPath(this.workshop.joinCode) : '';
  }

  private async fullscreen(): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await this.projector?.requestFullscreen().catch(() => undefined);
    this.requestUpdate();
  }

  private async copy(): Promise<void> {
    await navigator.clipboard?.writeText(this.url).catch(() => undefined);
    this.notice = t('workshop.copied');
  }

  override render() {
    const w = this.workshop;
    if (!w)
      return html`<div class="page">
        <h1>${t('workshop.title')}</h1>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p role="status">${t('app.loading')}</p>`}
      </div>`;
    const zone = w.timeZone;
    const lang = i18n.lang;
    const state = stateOf(w);
    const deletesAt =
      w.closesAt && new Date(Date.parse(w.closesAt) + (w.graceMin ?? 0) * 60_000).toISOString();
    return html`<div class="page">
      <h1>${w.name}</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="facts">
        <span class="badge" data-testid="workshop-state">${t(`workshop.state.${state}`)}</span>
        ${
          w.opensAt && w.closesAt
            ? html`<span
                >${t('workshop.window', {
                  date: dayIn(w.opensAt, zone, lang),
                  start: timeIn(w.opensAt, zone, lang),
                  end: timeIn(w.closesAt, zone, lang),
                })}</span
              >`
            : nothing
        }
        <strong data-testid="workshop-seats"
          >${t('workshop.seatsTaken', { taken: w.seatsTaken ?? 0, seats: w.capacity ?? 0 })}</strong
        >
        ${deletesAt && !w.endedAt ? html`<span>${t('workshop.endsAt', { time: timeIn(deletesAt, zone, lang) })}</span>` : nothing}
      </p>
      ${
        w.endedAt
          ? html`<p class="ended" role="status">
              ${t('workshop.endedCounts', { visitors: w.visitorsTotal ?? 0, passes: w.passesTotal ?? 0 })}
            </p>`
          : this.renderProjector(w)
      }
    </div>`;
  }

  private renderProjector(w: ClassView) {
    return html`<div class="actions">
        <button class="btn btn-primary" type="button" @click=${() => void this.fullscreen()}>
          ${document.fullscreenElement ? t('workshop.exitFullscreen') : t('workshop.fullscreen')}
        </button>
        <button class="btn btn-secondary" type="button" @click=${() => void this.copy()}>
          ${t('workshop.copy')}
        </button>
        <a class="btn btn-secondary" href="/classes/${w.id}">${t('workshop.grid')}</a>
        <span role="status" aria-live="polite">${this.notice}</span>
      </div>
      <section class="projector" aria-label=${t('workshop.link')}>
        <p class="hint-big">${t('workshop.projectorHint')}</p>
        <p class="url" data-testid="workshop-url">${this.url}</p>
        <img src=${workshopApi.qrUrl(w.id)} alt=${t('workshop.qrAlt', { url: this.url })} />
      </section>`;
  }
}
