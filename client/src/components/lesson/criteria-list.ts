// An exercise's criteria (what will be checked) with each one's state: an icon and words (never colour
// alone), the state said to screen readers, and a criterion not met followed by its check's message.
import { css, html, nothing } from 'lit';
import type { CriterionState, ShownCriterion } from '../../lib/criteria-state.js';
import { t } from '../../lib/i18n.js';

// Not yet checked: an empty ring; met: a tick; not met: a cross (shapes as well as colours).
const ICON: Record<CriterionState, string> = { unknown: '', met: '✓', unmet: '✗' };
const WORDS = { unknown: 'criteria.unknown', met: 'criteria.met', unmet: 'criteria.unmet' } as const;

export function renderCriteria(list: readonly ShownCriterion[]) {
  if (list.length === 0) return nothing;
  const met = list.filter((c) => c.state === 'met').length;
  return html`<section class="criteria" aria-labelledby="criteria-title" data-testid="criteria">
    <h3 id="criteria-title">
      ${t('criteria.title')}
      <small>${t('criteria.summary', { met, total: list.length })}</small>
    </h3>
    <ul>
      ${list.map(
        (c) =>
          html`<li class="criterion ${c.state}" data-state=${c.state} data-check=${c.id}>
            <span class="icon" aria-hidden="true">${ICON[c.state]}</span>
            <span class="text"
              >${c.text}<span class="sr-only"> — </span><span class="state">${t(WORDS[c.state])}</span></span
            >
            ${c.hint ? html`<span class="why">${c.hint}</span>` : nothing}
          </li>`,
      )}
    </ul>
  </section>`;
}

export const criteriaStyles = css`
  .criteria {
    margin: 22px 0 0;
    padding: 12px 14px;
    border: 1px solid var(--border);
    border-radius: 10px;
  }
  .criteria h3 {
    margin: 0 0 6px;
    font-size: 0.95rem;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: baseline;
  }
  .criteria h3 small {
    font-weight: 400;
    color: var(--muted);
  }
  .criteria ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  .criterion {
    display: grid;
    grid-template-columns: 20px 1fr;
    gap: 2px 10px;
    font-size: 0.92rem;
  }
  .criterion .icon {
    display: grid;
    place-items: center;
    width: 20px;
    height: 20px;
    border-radius: 50%;
    font-size: 0.8rem;
    font-weight: 700;
    border: 1.5px solid var(--muted);
    color: var(--muted);
  }
  .criterion.met .icon {
    border-color: var(--success);
    background: var(--success);
    color: #fff;
  }
  .criterion.unmet .icon {
    border-color: var(--danger);
    background: var(--danger);
    color: #fff;
  }
  .criterion .state {
    margin-left: 8px;
    font-size: 0.8rem;
    color: var(--muted);
  }
  .criterion.met .state {
    color: #17663a;
    font-weight: 600;
  }
  .criterion.unmet .state {
    color: var(--danger);
    font-weight: 600;
  }
  .criterion .why {
    grid-column: 2;
    font-size: 0.85rem;
    color: var(--muted);
  }
`;
