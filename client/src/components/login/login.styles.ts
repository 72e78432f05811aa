import { css } from 'lit';
import { fieldStyles } from '../../lib/forms-field.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ssoStyles } from './sso-parts.js';

export const loginStyles = [
  sharedStyles,
  fieldStyles,
  ssoStyles,
  css`
    :host {
      display: grid;
      place-items: center;
      flex: 1;
      padding: 40px 16px;
      background:
        radial-gradient(circle at 20% 10%, #e3ebfd 0, transparent 40%),
        radial-gradient(circle at 85% 80%, #e6f5ec 0, transparent 45%);
    }
    .card {
      width: min(400px, 100%);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 14px;
      box-shadow: 0 10px 30px rgb(16 24 40 / 0.08);
      padding: 32px 32px 24px;
    }
    .prompt {
      font: 600 0.85rem var(--font-mono);
      color: var(--success);
      margin: 0 0 6px;
    }
    h1 {
      margin: 0 0 6px;
      font-size: 1.5rem;
    }
    .intro {
      margin: 0 0 24px;
      color: var(--muted);
    }
    form {
      display: grid;
      gap: 16px;
    }
    label {
      display: grid;
      gap: 6px;
      font-weight: 600;
      font-size: 0.9rem;
    }
    .hint {
      font-weight: 400;
      font-size: 0.82rem;
      color: var(--muted);
    }
    input {
      font: 1rem var(--font-ui);
      padding: 9px 12px;
      border: 1px solid #c9d0db;
      border-radius: 8px;
      background: var(--surface);
      color: var(--text);
    }
    input:focus {
      border-color: var(--primary);
    }
    input[aria-invalid='true'] {
      border-color: var(--danger);
    }
    .btn-primary {
      min-height: 42px;
      margin-top: 4px;
    }
    .switch {
      margin-top: 18px;
      text-align: center;
    }
    .link {
      background: none;
      border: 0;
      color: var(--primary);
      font: inherit;
      cursor: pointer;
      text-decoration: underline;
      text-underline-offset: 3px;
    }
    .link:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 2px;
    }
    .join {
      margin: 10px 0 0;
      text-align: center;
      font-size: 0.9rem;
    }
    .join a {
      color: var(--primary);
      font-weight: 600;
      text-underline-offset: 3px;
    }
    .closed {
      color: var(--muted);
      font-size: 0.9rem;
    }
  `,
];
