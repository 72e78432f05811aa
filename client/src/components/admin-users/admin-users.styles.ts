import { css } from 'lit';
import { fieldStyles } from '../../lib/forms-field.js';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

export const adminUsersStyles = [
  sharedStyles,
  pageStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 320px;
      gap: 24px;
      align-items: start;
    }
    .table-panel {
      /* Positioned: the cells' screen-reader texts (absolute) scroll with the table, not the page. */
      position: relative;
      padding: 6px 8px;
      overflow-x: auto;
    }
    th,
    td {
      padding: 8px 10px;
      border-bottom: 1px solid #eef1f5;
      text-align: left;
    }
    tbody tr:last-child td {
      border-bottom: 0;
    }
    td.login {
      font-family: var(--font-mono);
      font-weight: 600;
    }
    td.end {
      text-align: right;
    }
    form {
      display: grid;
      gap: 12px;
    }
    .status-msg {
      margin-bottom: 12px;
    }
    .error {
      margin-bottom: 12px;
    }
    .refused .btn {
      margin-top: 4px;
    }
    /* The identity providers' accounts, under the accounts and the form. */
    :host(at-admin-identities) {
      margin-top: 24px;
    }
    .identities .intro {
      margin: -6px 0 14px;
    }
    td.actions-cell {
      white-space: nowrap;
    }
    td.actions-cell .btn + .btn {
      margin-left: 6px;
    }
    /* Below this the table (six columns) and the form side by side would cut « Supprimer » off. */
    @media (max-width: 1100px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
  `,
];
