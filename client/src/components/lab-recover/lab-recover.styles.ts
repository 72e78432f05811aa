import { css } from 'lit';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/** The learner's restore and catch-up dialogs, drawn like the reset one (dialog.styles.ts). */
export const labRecoverStyles = [
  sharedStyles,
  dialogStyles,
  css`
    dialog {
      width: min(520px, 94vw);
    }
    form {
      display: grid;
      gap: 14px;
    }
    fieldset {
      margin: 0;
      padding: 0;
      border: 0;
      display: grid;
      gap: 8px;
    }
    legend,
    .field {
      font-weight: 600;
      font-size: 0.9rem;
    }
    .field {
      display: grid;
      gap: 6px;
    }
    select {
      font: 0.95rem var(--font-ui);
      padding: 8px 11px;
      border: 1px solid #c9d0db;
      border-radius: 8px;
      background: var(--surface);
      color: var(--text);
    }
    .choice {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      font-weight: 500;
    }
    .choice input {
      margin-top: 4px;
    }
    .when {
      display: block;
      color: var(--muted);
      font-size: 0.82rem;
      font-weight: 400;
    }
    .muted {
      color: var(--muted);
    }
    input:focus-visible,
    select:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 2px;
    }
  `,
];
