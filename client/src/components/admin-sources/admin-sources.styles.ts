import { css } from 'lit';
import { adminPageStyles } from '../../styles/admin-page.styles.js';

export const adminSourcesStyles = [
  ...adminPageStyles,
  css`
    table {
      width: 100%;
      border-collapse: collapse;
    }
    .url {
      font-family: ui-monospace, monospace;
      word-break: break-all;
    }
    code {
      font-size: 0.9em;
    }
    .status-ok {
      color: #1a7f37;
    }
    .status-failed {
      color: #b42318;
      font-weight: 600;
    }
    .errors {
      margin: 0;
      padding-left: 18px;
      color: #7a271a;
    }
    .errors-row td {
      background: #fff6f5;
    }
    .row-actions {
      display: flex;
      gap: 6px;
      flex-wrap: wrap;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
  `,
];
