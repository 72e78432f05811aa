import { css } from 'lit';
import { fieldStyles } from '../../lib/forms-field.js';
import { sharedStyles } from '../../styles/shared.styles.js';

export const workshopFormStyles = [
  sharedStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    details {
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 12px;
      padding: 14px 16px;
    }
    summary {
      cursor: pointer;
      font-weight: 700;
      font-size: 1.05rem;
    }
    form {
      display: grid;
      gap: 12px;
      margin-top: 12px;
    }
    .intro,
    .hint {
      color: var(--muted);
      font-size: 0.85rem;
      margin: 8px 0 0;
    }
    label.field {
      display: grid;
      gap: 4px;
      font-weight: 600;
      font-size: 0.9rem;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr));
      gap: 8px;
    }
    .row.two {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    fieldset {
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 8px 12px;
      display: grid;
      gap: 4px;
    }
    input {
      font: 0.95rem var(--font-ui);
      padding: 7px 9px;
      border: 1px solid #c9d0db;
      border-radius: 8px;
      min-width: 0;
    }
  `,
];
