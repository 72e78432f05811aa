import { css } from 'lit';

/** Stepper and start panel (see course-parts.ts); the reset dialog uses dialog.styles.ts. */
export const coursePartsStyles = css`
  .steps {
    list-style: none;
    margin: 0 0 22px;
    padding: 0 0 14px;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    border-bottom: 1px solid var(--border);
  }
  .step {
    display: inline-flex;
    align-items: center;
    gap: 7px;
    max-width: 280px;
    padding: 3px;
    border-radius: 999px;
    border: 1px solid var(--border);
    background: var(--surface);
    font: 500 0.85rem var(--font-ui);
    color: var(--muted);
    cursor: pointer;
  }
  .step:hover {
    border-color: #b9c2d0;
  }
  .step .label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Only the current step shows its title; the others keep it as their accessible name. */
  .step:not([aria-current]) .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
  }
  .step[aria-current='step'] {
    padding-right: 12px;
    border-color: var(--primary);
    color: var(--text);
    background: var(--primary-soft);
  }
  .step .num {
    flex: none;
    display: grid;
    place-items: center;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    background: #e7ebf1;
    color: #3c4658;
    font-weight: 700;
    font-size: 0.75rem;
  }
  .step.done .num {
    background: var(--success);
    color: #fff;
  }
  .step.skipped .num {
    background: repeating-linear-gradient(135deg, #e3f4ea 0 3px, #ffffff 3px 6px);
    color: var(--success);
    border: 1.5px dashed var(--success);
  }
  .step[aria-current='step']:not(.done) .num {
    background: var(--primary);
    color: #fff;
  }
  .step.page .num {
    font-family: var(--font-mono);
  }
  .step:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
  .start {
    flex: 1;
    display: grid;
    place-items: center;
    text-align: center;
    border-radius: var(--radius);
    background: #14171d;
    color: #dbe1ea;
    padding: 24px;
  }
  .start .prompt {
    font: 1rem var(--font-mono);
    color: #8fd18c;
    margin: 0 0 10px;
  }
  .start p {
    max-width: 44ch;
    margin: 0 auto 20px;
    color: #aeb7c6;
  }
  .start .btn-primary {
    min-height: 44px;
    padding: 0 22px;
    font-size: 1rem;
  }
  /* Light text on the dark panel (the shared .error is dark red on pale red: 1.7:1 under .start p). */
  .start .error {
    max-width: 48ch;
    margin: 0 auto 16px;
    padding: 10px 14px;
    border: 1px solid #f2777a;
    border-radius: 8px;
    background: #3a1d22;
    color: #ffd9da;
    text-align: left;
  }
  .start .error strong {
    display: block;
    color: #fff;
  }
  .start .phase {
    margin: 14px auto 0;
    color: #dbe1ea;
    font-variant-numeric: tabular-nums;
  }
`;
