import { css, html, nothing } from 'lit';
import { t } from '../../lib/i18n.js';
import type { Outage } from '../../lib/lab-availability.js';

/**
 * « Machine indisponible » above the terminal while the lab's engine does not answer. The terminal below
 * stays as it was (dimmed): the learner keeps their scrollback, nothing they type goes anywhere.
 */
export function renderOutageBanner(outage: Outage | undefined) {
  if (!outage) return nothing;
  return html`<div class="outage" role="status" aria-live="polite" data-testid="lab-unavailable">
    <span class="outage-icon" aria-hidden="true">⚠</span>
    <div>
      <p><strong>${t('lab.unavailable.title')}</strong></p>
      <p>${outage.message}</p>
      <p class="outage-note">${t('lab.unavailable.terminal')}</p>
    </div>
  </div>`;
}

export const outageStyles = css`
  .outage {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    padding: 10px 14px;
    border: 1px solid #e0a530;
    border-radius: 10px;
    background: var(--warning-soft);
    color: var(--warning);
    font-size: 0.9rem;
  }
  .outage p {
    margin: 0;
  }
  .outage-icon {
    font-size: 1.1rem;
    line-height: 1.3;
  }
  .outage-note {
    margin-top: 4px;
    font-size: 0.82rem;
  }
  /* The shells' connection went with the engine: the screen stays readable, visibly out of date. */
  .term-stack.disconnected {
    opacity: 0.55;
    filter: grayscale(1);
  }
`;
