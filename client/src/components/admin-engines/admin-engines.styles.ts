import { css } from 'lit';
import { adminPageStyles } from '../../styles/admin-page.styles.js';

export const adminEnginesStyles = [
  ...adminPageStyles,
  css`
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th[scope='row'] {
      min-width: 10rem;
      font-size: 1rem;
      color: var(--text);
    }
    td.state {
      min-width: 10rem;
    }
    tbody tr:last-child th {
      border-bottom: 0;
    }
    .address {
      font-family: var(--font-mono);
      font-size: 0.85rem;
      word-break: break-all;
    }
    .sub {
      display: block;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .reason {
      display: block;
      margin-top: 4px;
      color: var(--danger);
      font-size: 0.85rem;
    }
    td.num {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    /* pageStyles' green badge is 4.4:1 on its pale green: darker text for AA. */
    .badge.ok {
      color: #17663a;
    }
    .badge.down {
      background: var(--danger-soft);
      border-color: #f1b8b2;
      color: var(--danger);
    }
  `,
];
