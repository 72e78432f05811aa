import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { CourseSummary } from '../../lib/types.js';
import { courseListStyles } from './course-list.styles.js';

/** The catalogue: one card per course, with the learner's progress. */
export class AtCourseList extends LitElement {
  static override styles = courseListStyles;

  @state() private courses?: CourseSummary[];
  @state() private done = new Map<string, Set<string>>();
  @state() private error = '';

  constructor() {
    super();
    new I18nController(this, () => void this.load());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    document.title = `${t('courses.title')} · Atelier`;
    try {
      const [courses, progress] = await Promise.all([api.courses(i18n.lang), api.progress()]);
      const done = new Map<string, Set<string>>();
      for (const p of progress) {
        if (!p.completedAt) continue;
        const set = done.get(p.courseId) ?? new Set<string>();
        done.set(p.courseId, set.add(p.exerciseId));
      }
      this.courses = courses;
      this.done = done;
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
  }

  override render() {
    return html`<h1>${t('courses.title')}</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.courses
          ? this.error
            ? nothing
            : html`<p class="loading" role="status">${t('app.loading')}</p>`
          : this.courses.length === 0
            ? html`<p class="empty">${t('courses.empty')}</p>`
            : html`<ul class="grid">
                ${this.courses.map((c) => html`<li>${this.renderCard(c)}</li>`)}
              </ul>`
      }`;
  }

  private renderCard(c: CourseSummary) {
    const total = c.exercises.length;
    const ids = this.done.get(c.id);
    const done = ids ? c.exercises.filter((e) => ids.has(e.id)).length : 0;
    return html`<article class="card" data-course=${c.id}>
      <h2><a href="/courses/${encodeURIComponent(c.id)}">${c.title}</a></h2>
      <p class="desc">${c.description}</p>
      <div class="meta">
        <span class="badge"
          >${total === 1 ? t('courses.exercise') : t('courses.exercises', { n: total })}</span
        >
        <span class=${done === total && total > 0 ? 'done' : ''}>
          ${done === total && total > 0 ? '✓ ' : ''}${t('courses.progress', { done, total })}
        </span>
      </div>
      <progress
        max=${Math.max(total, 1)}
        .value=${done}
        aria-label=${t('courses.progress', { done, total })}
      ></progress>
    </article>`;
  }
}
