import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { ARIA_KEYS } from '../../lib/lab-shortcuts.js';
import { codeActionOf, copyWithFeedback, enhanceCodeBlocks } from '../../lib/lesson-enhance.js';
import type { CheckResult, Exercise } from '../../lib/types.js';
import { bulbIcon } from '../../styles/icons.js';
import { lessonStyles } from './lesson.styles.js';
import { criteriaStyles, renderCriteria } from './criteria-list.js';
import { fileLinksStyles, renderFileLinks } from './file-links.js';
import { shownCriteria, type CriterionMarks } from '../../lib/criteria-state.js';

/** A check's verdict as shown; `auto`: from the automatic check (it opens folded to its summary). */
export type ShownResult = CheckResult & { auto?: boolean };

/** The course's introduction or finish page, shown in place of an exercise. */
export interface CoursePage {
  kind: 'intro' | 'finish';
  html: string;
}

/**
 * One exercise: lesson text, hints revealed one at a time, and the "Vérifier" bar with the checks' verdicts;
 * or, with `page`, the course's introduction or finish page. Fires `check` (detail: `{ pointer }`, true
 * when clicked with a mouse), `run-code` (detail: code) and `exercise-nav` (detail: index; -1 is the
 * introduction, `total` the finish page). The verdict folds to its summary line (a toggle).
 */
export class AtLesson extends LitElement {
  static override styles = [...lessonStyles, criteriaStyles, fileLinksStyles];

  @property({ attribute: false }) exercise?: Exercise;
  /** Shown instead of the exercise when set. */
  @property({ attribute: false }) page?: CoursePage;
  /** Whether the course has an introduction / a finish page (Previous / Next lead there). */
  @property({ type: Boolean }) hasIntro = false;
  @property({ type: Boolean }) hasFinish = false;
  /** Exercises not passed yet (the finish page says so). */
  @property({ type: Number }) remaining = 0;
  @property({ type: Number }) index = 0;
  @property({ type: Number }) total = 1;
  @property({ type: Boolean }) passed = false;
  /** Passed by a catch-up (the course's solution ran): tagged « rattrapé », not « réussi ». */
  @property({ type: Boolean }) skipped = false;
  @property({ type: Boolean }) labReady = false;
  /** The lab exists: the exercise's files open in the editor (`open-in-editor`, detail {machine, path}). */
  @property({ type: Boolean }) canOpenFiles = false;
  /** The lab runs but its terminal is reconnecting (e.g. a server restart): checking comes back by itself. */
  @property({ type: Boolean }) reconnecting = false;
  /** The lab's engine does not answer (the page's banner says why): checking waits for it. */
  @property({ type: Boolean }) unavailable = false;
  @property({ type: Boolean }) checking = false;
  @property({ attribute: false }) result?: ShownResult;
  /** What the check results said of each criterion (criteria-state.ts); none: nothing checked yet. */
  @property({ attribute: false }) marks?: CriterionMarks;
  @property() checkError = '';
  @state() private revealed = 0;
  @query('.content') private content?: HTMLElement;

  constructor() {
    super();
    new I18nController(this);
  }

  /** Shows the next hint (the Alt+Shift+H shortcut); false when there is none left. */
  revealHint(): boolean {
    const n = this.exercise?.hintsHtml?.length ?? this.exercise?.hints.length ?? 0;
    if (this.page || this.revealed >= n) return false;
    this.revealed++;
    return true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const prev = changed.get('exercise');
    if (changed.has('exercise') && prev?.id !== this.exercise?.id) this.revealed = 0;
  }

  protected override updated(): void {
    if (!this.content) return;
    // Lessons often open with their own title: do not show it twice.
    const first = this.content.firstElementChild;
    // (A page keeps it: its kicker is no title.)
    const same = !this.page && first?.textContent?.trim() === this.exercise?.title.trim();
    if (first && /^H[12]$/.test(first.tagName)) first.classList.toggle('dup-title', same);
    enhanceCodeBlocks(this.content, {
      labels: { copy: t('course.copy'), run: t('course.run') },
      canRun: this.labReady,
    });
  }

  private onContentClick(e: Event): void {
    const hit = codeActionOf(e);
    if (hit?.action === 'copy') void copyWithFeedback(hit.code, hit.button, t('course.copied'));
    else if (hit?.action === 'run' && this.labReady) this.emit('run-code', hit.code);
  }

  override render() {
    if (this.page) return this.renderPage(this.page);
    const ex = this.exercise;
    if (!ex) return nothing;
    return html`<article aria-labelledby="ex-title">
      <div class="head">
        <div>
          <p class="kicker">${t('course.exerciseN', { n: this.index + 1 })} / ${this.total}</p>
          <h2 class="title" id="ex-title">${ex.title}</h2>
        </div>
        ${
          this.passed && this.skipped
            ? html`<span class="passed-tag skipped" title=${t('course.skippedHint')}
                >↷ ${t('course.skipped')}</span
              >`
            : this.passed
              ? html`<span class="passed-tag">✓ ${t('course.done')}</span>`
              : nothing
        }
      </div>
      <div class="content" @click=${this.onContentClick}>${unsafeHTML(ex.lessonHtml)}</div>
      ${renderFileLinks(ex.files, this.canOpenFiles, (f) => this.emit('open-in-editor', f))}
      ${this.renderHints(ex.hintsHtml?.map((h) => unsafeHTML(h)) ?? ex.hints)}
      ${renderCriteria(shownCriteria(ex.criteria ?? [], this.marks))}
      ${this.renderCheck((ex.criteria ?? []).length > 0)}
    </article>`;
  }

  /** The introduction or finish page: the page's own Markdown under a kicker, and the way on. */
  private renderPage(page: CoursePage) {
    const intro = page.kind === 'intro';
    const name = t(intro ? 'course.intro' : 'course.finish');
    const done = this.remaining === 0;
    return html`<article aria-labelledby="ex-title" data-page=${page.kind}>
      <div class="head">
        <p class="kicker" id="ex-title">${name}</p>
        ${!intro && done ? html`<span class="passed-tag">✓ ${t('course.done')}</span>` : nothing}
      </div>
      <div class="content" @click=${this.onContentClick}>${unsafeHTML(page.html)}</div>
      <section class="check" aria-label=${name}>
        <div class="check-row">
          ${
            intro
              ? html`<span class="spacer"></span>
                  <button
                    class="btn btn-primary"
                    type="button"
                    ?disabled=${this.total === 0}
                    @click=${() => this.emit('exercise-nav', 0)}
                  >
                    ${t('course.begin')} →
                  </button>`
              : html`<button
                    class="btn btn-ghost btn-small"
                    type="button"
                    @click=${() => this.emit('exercise-nav', this.total - 1)}
                  >
                    ← ${t('course.prev')}
                  </button>
                  <span class="spacer"></span>
                  <p class="page-status ${done ? 'ok' : ''}" role="status">
                    ${done ? t('course.finishDone') : t('course.finishTodo', { n: this.remaining })}
                  </p>`
          }
        </div>
      </section>
    </article>`;
  }

  private renderHints(hints: unknown[]) {
    if (hints.length === 0) return nothing;
    return html`<section class="hints" aria-live="polite">
      ${hints
        .slice(0, this.revealed)
        .map((h, i) => html`<p class="hint"><strong>${t('course.hint', { n: i + 1 })}</strong>${h}</p>`)}
      ${
        this.revealed < hints.length
          ? html`<button
              class="btn btn-secondary btn-small"
              type="button"
              aria-keyshortcuts=${ARIA_KEYS.hint}
              title=${`${t('course.showHint', { n: this.revealed + 1, total: hints.length })} (${t('lab.keys.hint')})`}
              @click=${() => this.revealed++}
            >
              ${bulbIcon} ${t('course.showHint', { n: this.revealed + 1, total: hints.length })}
            </button>`
          : nothing
      }
    </section>`;
  }

  /** `listed`: the criteria above show each check's state and hint; the result is then its summary only. */
  private renderCheck(listed: boolean) {
    const r = this.result;
    const failed = r ? r.checks.filter((c) => !c.passed).length : 0;
    return html`<section class="check" aria-label=${t('course.check')}>
      <div aria-live="polite">
        ${
          this.labReady
            ? nothing
            : html`<p class="note">
                ${t(
                  this.unavailable
                    ? 'lab.unavailable.check'
                    : this.reconnecting
                      ? 'course.checkReconnecting'
                      : 'course.checkNeedsLab',
                )}
              </p>`
        }
        ${this.checkError ? html`<p class="error" role="alert">${this.checkError}</p>` : nothing}
        ${
          r && !this.checking
            ? keyed(
                r,
                html`<details
                  class="result ${r.passed ? 'ok' : 'ko'}"
                  data-testid="check-result"
                  ?open=${!r.auto}
                >
                  <summary class="summary" title=${t('lab.result.show')}>
                    ${r.passed ? `✓ ${t('course.passed')}` : t('course.failed', { n: failed })}
                    ${r.auto ? html`<small>${t('lab.result.auto')}</small>` : nothing}
                    ${r.durationMs !== undefined ? html`<small>${t('course.duration', { ms: r.durationMs })}</small>` : nothing}
                  </summary>
                  ${
                    listed
                      ? html`<p class="see-above">${t('criteria.seeAbove')}</p>`
                      : html`<ul class="checks">
                          ${r.checks.map(
                            (c) =>
                              html`<li class=${c.passed ? 'pass' : 'fail'}>
                                <span class="mark" aria-hidden="true">${c.passed ? '✓' : '✗'}</span>
                                <span><span class="sr-only">${c.passed ? '✓' : '✗'}</span>${c.message}</span>
                              </li>`,
                          )}
                        </ul>`
                  }
                </details>`,
              )
            : nothing
        }
      </div>
      <div class="check-row">
        <button
          class="btn btn-ghost btn-small"
          type="button"
          ?disabled=${this.index === 0 && !this.hasIntro}
          @click=${() => this.emit('exercise-nav', this.index - 1)}
        >
          ← ${t('course.prev')}
        </button>
        <button
          class="btn btn-small ${this.passed ? 'btn-secondary next-ready' : 'btn-ghost'}"
          type="button"
          ?disabled=${this.index >= this.total - 1 && !this.hasFinish}
          aria-keyshortcuts=${ARIA_KEYS.next}
          title=${`${t('course.next')} (${t('lab.keys.next')})`}
          @click=${() => this.emit('exercise-nav', this.index + 1)}
        >
          ${t('course.next')} →
        </button>
        <span class="spacer"></span>
        <button
          class="btn btn-primary"
          type="button"
          data-testid="check"
          ?disabled=${!this.labReady || this.checking}
          aria-keyshortcuts=${ARIA_KEYS.check}
          aria-describedby="keys-help"
          title=${`${t('course.check')} (${t('lab.keys.check')})`}
          @click=${(e: MouseEvent) => this.emit('check', { pointer: e.detail > 0 })}
        >
          ${
            this.checking
              ? html`<span class="spinner" aria-hidden="true"></span>${t('course.checking')}`
              : t('course.check')
          }
        </button>
      </div>
      <p class="keys-help" id="keys-help">${t('lab.keys.help')}</p>
    </section>`;
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
