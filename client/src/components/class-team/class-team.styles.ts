import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/** Trainers list and class settings, in a narrow side panel. */
export const classTeamStyles = [
  sharedStyles,
  pageStyles,
  css`
    :host {
      display: block;
    }
    .hint {
      display: block;
      margin: 0 0 10px;
    }
    .trainers {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
      display: grid;
      /* A long name shrinks (ellipsis) instead of pushing the button out of the panel. */
      grid-template-columns: minmax(0, 1fr);
      gap: 4px;
    }
    .trainers li {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 0;
      border-bottom: 1px solid #eef1f5;
    }
    .who {
      flex: 1 1 auto;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .trainers .btn {
      flex: none;
    }
    .name {
      font-weight: 600;
    }
    .login {
      font: 0.82rem var(--font-mono);
      color: var(--muted);
    }
    .inline-form {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 8px 10px;
      margin-bottom: 10px;
    }
    .inline-form .field {
      flex: 1 1 200px;
    }
    .inline-form .btn {
      min-height: 38px;
    }
    h2.settings {
      margin-top: 22px;
    }
    .switch {
      margin-top: 8px;
    }
    .switch + .hint {
      margin-left: 26px;
    }
    .closes {
      margin: 12px 0 0;
      font-size: 0.88rem;
    }
    .error {
      margin-bottom: 10px;
    }
    .status-msg:empty {
      display: none;
    }
  `,
];
