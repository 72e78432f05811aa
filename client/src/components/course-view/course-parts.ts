import { html, nothing } from 'lit';
import { t } from '../../lib/i18n.js';
import type { Exercise } from '../../lib/types.js';
import { playIcon } from '../../styles/icons.js';

/** The exercise stepper: numbers (✓ when passed); only the current step shows its title. */
export function renderSteps(
  exercises: Exercise[],
  current: number,
  passed: Set<string>,
  select: (index: number) => void,
) {
  return html`<ol class="steps" aria-label=${t('course.exercises')}>
    ${exercises.map((e, i) => {
      const done = passed.has(e.id);
      return html`<li>
        <button
          type="button"
          class="step ${done ? 'done' : ''}"
          title=${e.title}
          aria-current=${i === current ? 'step' : nothing}
          @click=${() => select(i)}
        >
          <span class="num" aria-hidden="true">${done ? '✓' : i + 1}</span>
          <span class="label">${e.title}</span>
          ${done ? html`<span class="sr-only">(${t('course.done')})</span>` : nothing}
        </button>
      </li>`;
    })}
  </ol>`;
}

/** Where the terminal will be, before the lab exists. */
export function renderStartPanel(starting: boolean, error: string, start: () => void, queuePosition = 0) {
  return html`<div class="start">
    <div>
      <p class="prompt" aria-hidden="true">root@atelier:~# _</p>
      <p>${t('lab.intro')}</p>
      <button class="btn btn-primary" type="button" ?disabled=${starting} @click=${start}>
        ${
          starting
            ? html`<span class="spinner" aria-hidden="true"></span>${t('lab.starting')}`
            : html`${playIcon} ${t('lab.start')}`
        }
      </button>
      ${
        starting && queuePosition > 0
          ? html`<p role="status">${t('lab.queued', { position: queuePosition })}</p>`
          : nothing
      }
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
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
