import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/** The trainer's catch-up, restore and bring-to dialogs (dialog.styles.ts through pageStyles). */
export const gridRecoverStyles = [
  sharedStyles,
  pageStyles,
  css`
    dialog {
      width: min(540px, 94vw);
    }
    fieldset {
      margin: 0;
      padding: 0;
      border: 0;
      display: grid;
      gap: 8px;
    }
    legend {
      margin-bottom: 6px;
      font-weight: 600;
      font-size: 0.9rem;
    }
    .check {
      align-items: flex-start;
    }
    .check input {
      margin-top: 4px;
    }
    .when {
      display: block;
      color: var(--muted);
      font-size: 0.82rem;
    }
    .count {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--warning-soft);
      color: var(--warning);
      font-weight: 600;
    }
    .count.none {
      background: var(--surface-2);
      color: var(--muted);
    }
    textarea {
      min-height: 64px;
    }
  `,
];
