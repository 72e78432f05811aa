import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api, ApiError } from '../../lib/api.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkField, failureTexts, problemText } from '../../lib/forms-validation.js';
import { formatDates } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { navigate } from '../../lib/router.js';
import type { ClassView, CourseSummary } from '../../lib/types.js';
import { classesStyles } from './classes.styles.js';
import '../workshop-form/workshop-form.js';

/** `/classes`: the trainer's classes and the form that creates one. */
export class AtClasses extends LitElement {
  static override styles = classesStyles;

  @state() private archived = false;
  @state() private busy = false;
  @state() private formError = '';
  @state() private nameError = '';
  private readonly data = new LoadController(this, (lang): Promise<[ClassView[], CourseSummary[]]> => {
    document.title = `${t('classes.title')} · Atelier`;
    return Promise.all([api.classes(this.archived), api.courses(lang)]);
  });

  private get classes(): ClassView[] | undefined {
    return this.data.value?.[0];
  }

  private get courses(): CourseSummary[] {
    return this.data.value?.[1] ?? [];
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const courseIds = form.getAll('course').map(String);
    const capacity = Number(form.get('capacity') || 0);
    const nameProblem = checkField('name', name);
    this.nameError = nameProblem ? problemText('name', nameProblem) : '';
    this.formError = courseIds.length === 0 ? t('classes.needCourse') : '';
    if (nameProblem) return void this.updateComplete.then(() => focusFirstInvalid(this.renderRoot));
    if (this.formError) return;
    this.busy = true;
    this.formError = '';
    try {
      const created = await api.createClass({
        name,
        courseIds,
        startsOn: String(form.get('startsOn') ?? '') || null,
        endsOn: String(form.get('endsOn') ?? '') || null,
        capacity: capacity > 0 ? capacity : null,
      });
      navigate(`/classes/${created.id}`);
    } catch (err) {
      const texts = failureTexts(err, ['name']);
      this.nameError = texts.fields.name ?? '';
      this.formError = texts.form;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    // Only trainers and admins have classes: anyone else reads the refusal, without the form.
    if (this.data.error instanceof ApiError && this.data.error.status === 403)
      return html`<div class="page">
        <h1>${t('classes.title')}</h1>
        <p class="error" role="alert">${this.data.errorMessage}</p>
        <a class="btn btn-secondary back" href="/">${t('app.backHome')}</a>
      </div>`;
    return html`<div class="page">
      <h1>${t('classes.title')}</h1>
      <p class="lead">${t('classes.intro')}</p>
      ${this.data.errorMessage ? html`<p class="error" role="alert">${this.data.errorMessage}</p>` : nothing}
      <div class="layout">
        <section aria-label=${t('classes.title')}>
          ${this.renderList()}
          <label class="check archived-toggle">
            <input
              type="checkbox"
              .checked=${this.archived}
              @change=${(e: Event) => {
                this.archived = (e.target as HTMLInputElement).checked;
                void this.data.reload();
              }}
            />${t('classes.showArchived')}
          </label>
        </section>
        <div class="create-side">
          ${this.renderForm()}
          <at-workshop-form></at-workshop-form>
        </div>
      </div>
    </div>`;
  }

  private renderList() {
    if (this.data.pending) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    if (!this.classes) return nothing;
    if (this.classes.length === 0) return html`<p class="empty panel">${t('classes.empty')}</p>`;
    return html`<ul class="list">
      ${this.classes.map(
        (c) =>
          html`<li class="panel class-card" data-class=${c.id}>
            <div class="head">
              <h2>
                <a href=${c.kind === 'workshop' ? `/workshops/${c.id}` : `/classes/${c.id}`}>${c.name}</a>
              </h2>
              <span class="code" title=${t('grid.joinCode')}>${c.joinCode}</span>
            </div>
            <p class="meta">
              <span>${t('classes.learners', { n: c.learnerCount })}</span>
              ${c.startsOn || c.endsOn ? html`<span>${formatDates(c.startsOn, c.endsOn)}</span>` : nothing}
              ${c.kind === 'workshop' ? html`<span class="badge">${t('workshop.badge')}</span>` : nothing}
              ${c.archived ? html`<span class="badge">${t('classes.archived')}</span>` : nothing}
              ${!c.archived && !c.joiningOpen ? html`<span class="badge warn">${t('classes.closed')}</span>` : nothing}
            </p>
            <p class="courses">
              ${c.courseIds.map((id) => this.courses.find((x) => x.id === id)?.title ?? id).join(' · ')}
            </p>
          </li>`,
      )}
    </ul>`;
  }

  private renderForm() {
    return html`<section class="panel create" aria-labelledby="new-class">
      <h2 id="new-class">${t('classes.new')}</h2>
      <form @submit=${this.create} novalidate>
        ${renderField({
          name: 'name',
          label: t('classes.name'),
          labelClass: 'field',
          idPrefix: 'class-',
          placeholder: t('classes.namePlaceholder'),
          hint: t('forms.hint.className', bounds('name')),
          error: this.nameError,
        })}
        <fieldset>
          <legend>${t('classes.courses')}</legend>
          ${this.courses.map(
            (c) =>
              html`<label class="check"
                ><input type="checkbox" name="course" value=${c.id} />${c.title}</label
              >`,
          )}
        </fieldset>
        <div class="row">
          <label class="field">${t('classes.startsOn')}<input type="date" name="startsOn" /></label>
          <label class="field">${t('classes.endsOn')}<input type="date" name="endsOn" /></label>
        </div>
        <label class="field"
          >${t('classes.capacity')}<input type="number" name="capacity" min="1" max="1000"
        /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('classes.creating')}` : t('classes.create')}
        </button>
      </form>
    </section>`;
  }
}
