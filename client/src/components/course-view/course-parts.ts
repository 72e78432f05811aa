import { html, nothing } from 'lit';
import { t } from '../../lib/i18n.js';
import { imageStateText } from '../../lib/image-state.js';
import type { CourseDetail, ImageState } from '../../lib/types.js';
import { playIcon, resetIcon } from '../../styles/icons.js';

/** Positions of the course's pages around its exercises (0 … n-1): the introduction before, the finish after. */
export const INTRO = -1;
export const finishOf = (c: CourseDetail): number => c.exercises.length;

/**
 * The stepper: the introduction (when the course has one), the exercises by number (✓ when passed), then
 * the finish page (when it has one). Only the current step shows its title. `current`: INTRO, an exercise's
 * index, or finishOf(course).
 */
export function renderSteps(
  course: CourseDetail,
  current: number,
  passed: Set<string>,
  select: (index: number) => void,
  skipped: Set<string> = new Set(),
) {
  const step = (i: number, title: string, mark: string, done: boolean, kind: string) =>
    html`<li>
      <button
        type="button"
        class="step ${done ? 'done' : ''} ${kind}"
        title=${kind === 'skipped' ? `${title} (${t('course.skipped')})` : title}
        aria-current=${i === current ? 'step' : nothing}
        @click=${() => select(i)}
      >
        <span class="num" aria-hidden="true">${mark}</span>
        <span class="label">${title}</span>
        ${done ? html`<span class="sr-only">(${t(kind === 'skipped' ? 'course.skipped' : 'course.done')})</span>` : nothing}
      </button>
    </li>`;
  const all = course.exercises.length > 0 && course.exercises.every((e) => passed.has(e.id));
  return html`<ol class="steps" aria-label=${t('course.exercises')}>
    ${course.introHtml !== undefined ? step(INTRO, t('course.intro'), 'i', false, 'page') : nothing}
    ${course.exercises.map((e, i) => {
      const done = passed.has(e.id);
      // Caught up: done, but by the course's solution (drawn apart, see course-parts.styles.ts).
      return step(i, e.title, done ? '✓' : String(i + 1), done, skipped.has(e.id) ? 'skipped' : '');
    })}
    ${course.finishHtml !== undefined ? step(finishOf(course), t('course.finish'), '⚑', all, 'page') : nothing}
  </ol>`;
}

/** « Traduction à faire »: an imported course still in English, shown to trainers only. */
export function renderUntranslated(untranslated: boolean | undefined, trainer: boolean) {
  return untranslated && trainer
    ? html`<span class="untranslated" title=${t('course.untranslatedHint')} data-testid="untranslated"
        >${t('course.untranslated')}</span
      >`
    : nothing;
}

export interface StartPanelProps {
  /** The first machine's hostname (the prompt the real shell will show). */
  machine: string;
  /** While a start is in flight: what the server said it does (lab-progress.ts), with the time spent. */
  progress?: string;
  error: string;
  start(): void;
  image?: ImageState;
}

/**
 * Where the terminal will be, before the lab exists; the button waits while the image is prepared. A
 * start shows its phase and elapsed time; a failed one says why and offers to try again.
 */
export function renderStartPanel(p: StartPanelProps) {
  const { image, error } = p;
  const preparing = imageStateText(image);
  const starting = p.progress !== undefined;
  return html`<div class="start">
    <div>
      <p class="prompt" aria-hidden="true">root@${p.machine}:~# _</p>
      <p>${t('lab.intro')}</p>
      ${
        preparing
          ? html`<p
              class=${image?.state === 'failed' ? 'error' : 'image'}
              role="status"
              data-testid="image-state"
            >
              ${image?.state === 'failed' ? nothing : html`<span class="spinner" aria-hidden="true"></span>`}
              ${preparing}
            </p>`
          : nothing
      }
      ${
        error && !starting
          ? html`<div class="error start-error" role="alert" data-testid="start-error">
              <strong>${t('lab.startFailed')}</strong> ${error}
            </div>`
          : nothing
      }
      <button
        class="btn btn-primary"
        type="button"
        data-testid=${error && !starting ? 'start-retry' : 'start'}
        ?disabled=${starting || !!preparing}
        @click=${p.start}
      >
        ${
          starting
            ? html`<span class="spinner" aria-hidden="true"></span>${t('lab.starting')}`
            : error
              ? html`${resetIcon} ${t('lab.retry')}`
              : html`${playIcon} ${t('lab.start')}`
        }
      </button>
      ${starting ? html`<p class="phase" role="status" data-testid="start-phase">${p.progress}</p>` : nothing}
    </div>
  </div>`;
}

export function renderResetDialog(cancel: () => void, confirm: () => void) {
  return html`<dialog aria-labelledby="reset-title">
    <h2 id="reset-title">${t('lab.resetTitle')}</h2>
    <p>${t('lab.resetText')}</p>
    <div class="actions">
      <button class="btn btn-secondary" type="button" @click=${cancel}>${t('lab.cancel')}</button>
      <button class="btn btn-danger" type="button" @click=${confirm}>${t('lab.resetConfirm')}</button>
    </div>
  </dialog>`;
}
