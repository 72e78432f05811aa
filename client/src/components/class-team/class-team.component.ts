import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { browserTimeZone, formatInZone, isTimeZone, knownTimeZones } from '../../lib/class-week.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { ClassPatch, ClassView, TrainerAccount } from '../../lib/types.js';
import { classTeamStyles } from './class-team.styles.js';

/**
 * The class's « Formateurs » (add by username, remove all but the last) and its settings: time zone
 * and whether learners may catch up by themselves. Fires `class-changed` (detail: the new ClassView).
 */
export class AtClassTeam extends LitElement {
  static override styles = classTeamStyles;

  @property({ attribute: false }) classView?: ClassView;
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  @state() private zoneError = '';
  private readonly zones = knownTimeZones();

  constructor() {
    super();
    new I18nController(this);
  }

  private async run(action: () => Promise<ClassView>, done: (v: ClassView) => string): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      const view = await action();
      this.notice = done(view);
      this.dispatchEvent(new CustomEvent('class-changed', { detail: view, bubbles: true, composed: true }));
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async addTrainer(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const c = this.classView;
    const form = e.target as HTMLFormElement;
    const username = String(new FormData(form).get('username') ?? '').trim();
    if (!c || !username) return;
    const ok = await this.run(
      () => api.addTrainer(c.id, username),
      (v) => {
        const who = v.trainerAccounts.find((a) => a.username === username);
        return t('team.added', { name: who?.displayName ?? username });
      },
    );
    if (ok) form.reset();
  }

  private removeTrainer(a: TrainerAccount): void {
    const c = this.classView;
    if (!c) return;
    void this.run(
      () => api.removeTrainer(c.id, a.userId),
      () => t('team.removed', { name: a.displayName }),
    );
  }

  private patch(patch: ClassPatch): void {
    const c = this.classView;
    if (!c) return;
    void this.run(
      () => api.updateClass(c.id, patch),
      () => t('settings.saved'),
    );
  }

  private saveZone(e: SubmitEvent): void {
    e.preventDefault();
    const zone = String(new FormData(e.target as HTMLFormElement).get('timeZone') ?? '').trim();
    this.zoneError = isTimeZone(zone) ? '' : t('settings.badZone');
    if (!this.zoneError) this.patch({ timeZone: zone });
  }

  override render() {
    const c = this.classView;
    if (!c) return nothing;
    const mine = browserTimeZone();
    const closesAt = c.joiningClosesAt;
    const closed = closesAt ? Date.parse(closesAt) <= Date.now() : false;
    return html`<section class="panel" aria-labelledby="team-title">
      <h2 id="team-title">${t('team.title')}</h2>
      <p class="hint">${t('team.intro')}</p>
      <ul class="trainers" data-testid="trainers">
        ${c.trainerAccounts.map(
          (a) =>
            html`<li>
              <span class="who"
                ><span class="name">${a.displayName}</span> <span class="login">${a.username}</span></span
              >
              <button
                class="btn btn-ghost btn-small"
                type="button"
                ?disabled=${this.busy || c.trainerAccounts.length < 2}
                title=${c.trainerAccounts.length < 2 ? t('team.lastOne') : nothing}
                aria-label=${t('team.removeLabel', { name: a.displayName })}
                @click=${() => this.removeTrainer(a)}
              >
                ${t('team.remove')}
              </button>
            </li>`,
        )}
      </ul>
      <form class="inline-form" @submit=${this.addTrainer}>
        <label class="field"
          >${t('team.username')}<input name="username" autocomplete="off" required maxlength="64"
        /></label>
        <button class="btn btn-secondary" type="submit" ?disabled=${this.busy}>${t('team.add')}</button>
      </form>

      <h2 class="settings" id="settings-title">${t('settings.title')}</h2>
      <form class="inline-form" @submit=${this.saveZone} aria-labelledby="settings-title">
        <label class="field"
          >${t('settings.timeZone')}<input
            name="timeZone"
            list="zones"
            .value=${c.timeZone}
            required
            aria-describedby="zone-hint"
            aria-invalid=${this.zoneError ? 'true' : 'false'}
          />
        </label>
        <datalist id="zones">
          ${mine ? html`<option value=${mine}></option>` : nothing}
          ${this.zones.map((z) => html`<option value=${z}></option>`)}
        </datalist>
        <button class="btn btn-secondary" type="submit" ?disabled=${this.busy}>${t('settings.save')}</button>
      </form>
      <small class="hint" id="zone-hint">${t('settings.timeZoneHint', { zone: mine || '—' })}</small>
      ${this.zoneError ? html`<p class="error" role="alert">${this.zoneError}</p>` : nothing}
      <label class="check switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="learner-catch-up"
          .checked=${c.learnerCatchUp}
          ?disabled=${this.busy}
          aria-describedby="catch-up-hint"
          @change=${(e: Event) => this.patch({ learnerCatchUp: (e.target as HTMLInputElement).checked })}
        />
        ${t('settings.learnerCatchUp')}
      </label>
      <small class="hint" id="catch-up-hint">${t('settings.learnerCatchUpHint')}</small>
      <label class="check switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="learner-pairing"
          .checked=${c.learnerPairing}
          ?disabled=${this.busy}
          aria-describedby="pairing-hint"
          @change=${(e: Event) => this.patch({ learnerPairing: (e.target as HTMLInputElement).checked })}
        />
        ${t('pairs.setting')}
      </label>
      <small class="hint" id="pairing-hint">${t('pairs.settingHint')}</small>
      ${
        closesAt
          ? html`<p class="closes">
              ${t(closed ? 'settings.closedAt' : 'settings.closesAt', {
                date: formatInZone(closesAt, c.timeZone, i18n.lang, true),
              })}
            </p>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="status-msg" role="status">${this.notice}</p>
    </section>`;
  }
}
