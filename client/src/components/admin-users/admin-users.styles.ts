import { css } from 'lit';
import { adminPageStyles } from '../../styles/admin-page.styles.js';

export const adminUsersStyles = [
  ...adminPageStyles,
  css`
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
