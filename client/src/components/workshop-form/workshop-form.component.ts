import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import { navigate } from '../../lib/router.js';
import type { CourseSummary } from '../../lib/types.js';
import { workshopApi } from '../../lib/workshop-api.js';
import { workshopFormStyles } from './workshop-form.styles.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Today and the next full hour (+2 h) on the trainer's clocks: a workshop is usually planned for today. */
function defaults(now = new Date()) {
  const start = Math.min(now.getHours() + 1, 21);
  return {
    date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    start: `${pad(start)}:00`,
    end: `${pad(start + 2)}:00`,
  };
}

/**
 * « Nouvel atelier » on the classes page: name, courses, a day and a time slot on the trainer's clocks,
 * seats and the grace before deletion. Creates the workshop and opens its page (link and QR code).
 */
export class AtWorkshopForm extends LitElement {
  static override styles = workshopFormStyles;

  @state() private courses: CourseSummary[] = [];
  @state() private busy = false;
  @state() private error = '';
  /** The form is built only once opened: closed, its fields (a course list like the class form's) are not there. */
  @state() private open = false;
  private readonly zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  constructor() {
    super();
    new I18nController(this, () => void this.loadCourses());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCourses();
  }

  private async loadCourses(): Promise<void> {
    try {
      this.courses = await api.courses(i18n.lang);
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const courseIds = form.getAll('course').map(String);
    const input = {
      name: text('name'),
      courseIds,
      date: text('date'),
      start: text('start'),
      end: text('end'),
      seats: Number(text('seats')),
      graceMin: Number(text('graceMin') || '15'),
      timeZone: this.zone,
    };
    this.error =
      input.name.length < 2
        ? t('workshop.nameRequired')
        : courseIds.length === 0
          ? t('workshop.pickCourse')
          : input.end <= input.start
            ? t('workshop.endBeforeStart')
            : '';
    if (this.error) return;
    this.busy = true;
    try {
      const created = await workshopApi.create(input);
      navigate(`/workshops/${created.id}`);
    } catch (err) {
      const max = err instanceof ApiError && err.reason === 'workshop-too-big' ? err.params?.max : undefined;
      this.error = max === undefined ? errorText(err) : t('workshop.tooBig', { max });
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<details
      data-testid="new-workshop"
      @toggle=${(e: Event) => (this.open = (e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>${t('workshop.newEntry')}</summary>
      ${this.open ? this.renderForm() : nothing}
    </details>`;
  }

  private renderForm() {
    const d = defaults();
    return html`<p class="intro">${t('workshop.newIntro')}</p>
      <form @submit=${this.submit} novalidate>
        <label class="field"
          >${t('workshop.name')}
          <input
            name="name"
            required
            minlength="2"
            maxlength="80"
            placeholder=${t('workshop.namePlaceholder')}
        /></label>
        <fieldset>
          <legend>${t('workshop.courses')}</legend>
          ${this.courses.map(
            (c) =>
              html`<label class="check"
                ><input type="checkbox" name="course" value=${c.id} />${c.title}</label
              >`,
          )}
        </fieldset>
        <div class="row">
          <label class="field"
            >${t('workshop.date')}<input type="date" name="date" required .value=${d.date}
          /></label>
          <label class="field"
            >${t('workshop.start')}<input type="time" name="start" required .value=${d.start}
          /></label>
          <label class="field"
            >${t('workshop.end')}<input type="time" name="end" required .value=${d.end}
          /></label>
        </div>
        <p class="hint">${t('workshop.zone', { zone: this.zone })}</p>
        <div class="row two">
          <label class="field"
            >${t('workshop.seats')}<input type="number" name="seats" min="1" max="500" required value="20"
          /></label>
          <label class="field"
            >${t('workshop.grace')}<input
              type="number"
              name="graceMin"
              min="0"
              max="240"
              value="15"
              aria-describedby="grace-hint"
          /></label>
        </div>
        <p class="hint" id="grace-hint">${t('workshop.graceHint')}</p>
        <div aria-live="polite">
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('workshop.creating')}` : t('workshop.create')}
        </button>
      </form>`;
  }
}
