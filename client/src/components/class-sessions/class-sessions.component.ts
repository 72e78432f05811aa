import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { dayIn, endsAfterStart, readyMachines } from '../../lib/class-week.js';
import { formatDay } from '../../lib/format.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { ClassView, SessionList, SessionView } from '../../lib/types.js';
import { classSessionsStyles } from './class-sessions.styles.js';

/** While a session warms or runs, its « 38/40 machines prêtes » follows the pool. */
const REFRESH_MS = 10_000;

/**
 * The « Séances » panel of a class page: its timetable (in the class's time zone) with each session's
 * state, ready machines and the host's capacity warning, and a quick form that adds one session or the
 * same one over several days. `courses`: the class's courses with their titles.
 */
export class AtClassSessions extends LitElement {
  static override styles = classSessionsStyles;

  @property({ attribute: false }) classView?: ClassView;
  @property({ attribute: false }) courses: { id: string; title: string }[] = [];
  @state() private list?: SessionList;
  @state() private error = '';
  @state() private formError = '';
  @state() private notice = '';
  @state() private busy = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    new I18nController(this, () => void this.load());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const prev = changed.get('classView');
    if (changed.has('classView') && this.classView && prev?.id !== this.classView.id) void this.load();
    // A new time zone reads every session again.
    else if (prev && this.classView && prev.timeZone !== this.classView.timeZone) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    const id = this.classView?.id;
    if (!id) return;
    clearTimeout(this.timer);
    try {
      this.list = await api.sessions(id, i18n.lang);
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
    const live = this.list?.sessions.some((s) => s.state === 'warming' || s.state === 'running');
    if (live && this.isConnected) this.timer = setTimeout(() => void this.load(), REFRESH_MS);
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const c = this.classView;
    if (!c) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const start = String(data.get('start') ?? '');
    const end = String(data.get('end') ?? '');
    this.notice = '';
    if (!endsAfterStart(start, end)) return void (this.formError = t('sessions.endBeforeStart'));
    this.formError = '';
    this.busy = true;
    try {
      const { sessions } = await api.addSessions(
        c.id,
        {
          courseId: String(data.get('courseId') ?? ''),
          date: String(data.get('date') ?? ''),
          start,
          end,
          expected: Number(data.get('expected')),
          repeatDays: Number(data.get('repeatDays') || 1),
        },
        i18n.lang,
      );
      this.notice = t('sessions.added', { n: sessions.length });
      await this.load();
      this.changed();
    } catch (err) {
      this.formError = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async deleteSession(s: SessionView): Promise<void> {
    const c = this.classView;
    if (!c) return;
    this.busy = true;
    try {
      await api.deleteSession(c.id, s.id);
      this.notice = t('sessions.deleted');
      await this.load();
      this.changed();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** Sessions move the class's automatic end of joining: the page reads the class again. */
  private changed(): void {
    this.dispatchEvent(new CustomEvent('sessions-changed', { bubbles: true, composed: true }));
  }

  private titleOf(courseId: string): string {
    return this.courses.find((c) => c.id === courseId)?.title ?? courseId;
  }

  override render() {
    const c = this.classView;
    if (!c) return nothing;
    return html`<section class="panel" aria-labelledby="sessions-title">
      <div class="head">
        <h2 id="sessions-title">${t('sessions.title')}</h2>
        <span class="zone">${t('sessions.zone', { zone: c.timeZone })}</span>
      </div>
      ${this.list ? html`<p class="hint">${t('sessions.intro', { lead: this.list.leadMinutes })}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.renderTable()}
      ${this.renderForm(c)}
      <p class="status-msg" role="status">${this.notice}</p>
    </section>`;
  }

  private renderTable() {
    if (!this.list) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    if (this.list.sessions.length === 0) return html`<p class="muted">${t('sessions.empty')}</p>`;
    return html`<div class="table-wrap">
      <table data-testid="sessions">
        <thead>
          <tr>
            <th scope="col">${t('sessions.date')}</th>
            <th scope="col">${t('sessions.time')}</th>
            <th scope="col">${t('sessions.course')}</th>
            <th scope="col" class="num">${t('sessions.expected')}</th>
            <th scope="col">${t('sessions.state')}</th>
            <th scope="col"><span class="sr-only">${t('grid.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.list.sessions.map((s) => this.renderSession(s))}
        </tbody>
      </table>
    </div>`;
  }

  private renderSession(s: SessionView) {
    const ready = readyMachines(s);
    const date = formatDay(s.date);
    return html`<tr data-session=${s.id} class=${s.state}>
      <td class="day">${date}</td>
      <td class="time">${t('sessions.times', { start: s.start, end: s.end })}</td>
      <td>${this.titleOf(s.courseId)}</td>
      <td class="num">${s.expected}</td>
      <td>
        <span class="badge ${s.state === 'running' || s.state === 'warming' ? 'ok' : ''}"
          >${t(`sessions.state.${s.state}`)}</span
        >
        ${ready ? html`<span class="ready" data-testid="ready">${t('sessions.ready', ready)}</span>` : nothing}
        ${
          s.fits
            ? nothing
            : html`<p class="capacity" data-testid="capacity-note">
                <span aria-hidden="true">⚠</span>
                ${s.capacityNote ?? t('sessions.tooMany', { note: t('sessions.hostCanHold', { n: s.hostCanHold }) })}
              </p>`
        }
      </td>
      <td class="row-actions">
        <button
          class="btn btn-ghost btn-small"
          type="button"
          ?disabled=${this.busy}
          aria-label=${t('sessions.deleteLabel', { date, start: s.start })}
          @click=${() => void this.deleteSession(s)}
        >
          ${t('sessions.delete')}
        </button>
      </td>
    </tr>`;
  }

  private renderForm(c: ClassView) {
    const expected = c.capacity ?? Math.max(c.learnerCount, 1);
    return html`<form class="new" @submit=${this.add} aria-labelledby="new-session">
      <h3 id="new-session">${t('sessions.new')}</h3>
      <div class="fields">
        <label class="field course"
          >${t('sessions.course')}
          <select name="courseId" required>
            ${this.courses.map((x) => html`<option value=${x.id}>${x.title}</option>`)}
          </select>
        </label>
        <label class="field"
          >${t('sessions.date')}<input type="date" name="date" required .value=${dayIn(c.timeZone)}
        /></label>
        <label class="field"
          >${t('sessions.start')}<input type="time" name="start" required value="09:00"
        /></label>
        <label class="field"
          >${t('sessions.end')}<input type="time" name="end" required value="17:00"
        /></label>
        <label class="field"
          >${t('sessions.expected')}<input
            type="number"
            name="expected"
            min="1"
            max="500"
            required
            value=${expected}
        /></label>
        <label class="field"
          >${t('sessions.repeat')}<input
            type="number"
            name="repeatDays"
            min="1"
            max="14"
            value="1"
            aria-describedby="repeat-hint"
          /><small class="hint" id="repeat-hint">${t('sessions.repeatHint')}</small></label
        >
      </div>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <div class="actions">
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t('sessions.adding') : t('sessions.add')}
        </button>
      </div>
    </form>`;
  }
}
