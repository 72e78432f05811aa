import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { api } from '../../lib/api.js';
import { t } from '../../lib/i18n.js';
import { IMAGE_POLL_MS, imageStateText } from '../../lib/image-state.js';
import { LoadController } from '../../lib/load-controller.js';
import type { CourseSummary, Lang, User } from '../../lib/types.js';
import { courseListStyles } from './course-list.styles.js';

/** The catalogue: one card per course, with the learner's progress. */
export class AtCourseList extends LitElement {
  static override styles = courseListStyles;

  /**
   * Who looks (given by the app): trainers and admins see « Traduction à faire » on an imported course
   * still in English, learners a way to join a class.
   */
  @property({ attribute: false }) user?: User;
  private readonly data = new LoadController(this, (lang) => this.load(lang));
  /** Asks again while some course's image is being prepared (after a server start). */
  private poll?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  protected override updated(): void {
    const preparing = this.data.value?.courses.some((c) => imageStateText(c.imageState) !== undefined);
    clearTimeout(this.poll);
    if (preparing && this.isConnected) this.poll = setTimeout(() => void this.data.reload(), IMAGE_POLL_MS);
  }

  private async load(lang: Lang): Promise<{ courses: CourseSummary[]; done: Map<string, Set<string>> }> {
    document.title = `${t('courses.title')} · Atelier`;
    const [courses, progress] = await Promise.all([api.courses(lang), api.progress()]);
    const done = new Map<string, Set<string>>();
    for (const p of progress) {
      if (!p.completedAt) continue;
      const set = done.get(p.courseId) ?? new Set<string>();
      done.set(p.courseId, set.add(p.exerciseId));
    }
    return { courses, done };
  }

  private get trainer(): boolean {
    const role = this.user?.role;
    return role === 'trainer' || role === 'admin';
  }

  override render() {
    const courses = this.data.value?.courses;
    const error = this.data.errorMessage;
    return html`<h1>${t('courses.title')}</h1>
      ${
        this.user?.role === 'learner'
          ? html`<p class="join">${t('forms.joinLead')} <a href="/join">${t('forms.joinLink')}</a></p>`
          : nothing
      }
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${
        this.data.pending
          ? html`<p class="loading" role="status">${t('app.loading')}</p>`
          : !courses
            ? nothing
            : courses.length === 0
              ? html`<p class="empty">${t('courses.empty')}</p>`
              : html`<ul class="grid">
                  ${courses.map((c) => html`<li>${this.renderCard(c)}</li>`)}
                </ul>`
      }`;
  }

  private renderImage(c: CourseSummary) {
    const text = imageStateText(c.imageState);
    if (!text) return nothing;
    const failed = c.imageState?.state === 'failed';
    return html`<p class="image ${failed ? 'error' : ''}" role="status" data-testid="image-state">
      ${failed ? nothing : html`<span class="spinner" aria-hidden="true"></span>`}${text}
    </p>`;
  }

  private renderCard(c: CourseSummary) {
    const total = c.exercises.length;
    const ids = this.data.value?.done.get(c.id);
    const done = ids ? c.exercises.filter((e) => ids.has(e.id)).length : 0;
    return html`<article class="card" data-course=${c.id}>
      <h2><a href="/courses/${encodeURIComponent(c.id)}">${c.title}</a></h2>
      ${
        c.untranslated && this.trainer
          ? html`<p class="untranslated-row">
              <span class="untranslated" title=${t('course.untranslatedHint')} data-testid="untranslated"
                >${t('course.untranslated')}</span
              >
            </p>`
          : nothing
      }
      <p class="desc">${c.description}</p>
      ${this.renderImage(c)}
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
