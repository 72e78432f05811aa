import { css } from 'lit';
import { loginStyles } from '../login/login.styles.js';

/** The login card's look, a little wider, with the workshop's facts and a refusal box. */
export const workshopVisitorStyles = [
  ...loginStyles,
  css`
    .card {
      width: min(480px, 100%);
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 6px 14px;
      margin: 0 0 20px;
    }
    dt {
      font-weight: 600;
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .refusal {
      margin: 0 0 16px;
      padding: 12px 14px;
      border-radius: 10px;
      border: 1px solid #f0d894;
      background: var(--warning-soft);
      color: var(--warning);
      font-weight: 600;
    }
    .kept {
      margin: 14px 0 0;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .btn-primary {
      font-size: 1.05rem;
    }
  `,
];
