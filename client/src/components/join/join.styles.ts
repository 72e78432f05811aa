import { css } from 'lit';
import { loginStyles } from '../login/login.styles.js';

/** The login card's look, plus the code field and the welcome box. */
export const joinStyles = [
  ...loginStyles,
  css`
    .card {
      width: min(440px, 100%);
    }
    .code-input {
      font: 700 1.2rem var(--font-mono);
      letter-spacing: 0.06em;
      text-transform: uppercase;
    }
    .found {
      font-weight: 600;
      color: var(--success);
    }
    .found.closed {
      color: var(--danger);
    }
    .ended {
      margin: 0 0 16px;
      padding: 12px 14px;
      border-radius: 10px;
      border: 1px solid #f0d894;
      background: var(--warning-soft);
      color: var(--warning);
      font-weight: 600;
    }
    .as {
      margin: 0;
      color: var(--muted);
    }
    .login-box {
      margin: 12px 0 20px;
      padding: 14px 16px;
      border-radius: 10px;
      background: var(--success-soft);
      border: 1px solid #b5dfc5;
    }
    .login-box p {
      margin: 0;
    }
    .username {
      font: 700 1.1rem var(--font-mono);
      white-space: nowrap;
    }
    .switch a {
      color: var(--primary);
    }
    .sso h2 {
      margin: 0 0 12px;
      font-size: 1.05rem;
    }
  `,
];
