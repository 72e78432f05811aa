import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

/** A pill in the terminal's head; the warning and the after-cull card drop below it, over the terminal. */
export const timeLeftStyles = [
  sharedStyles,
  css`
    :host {
      position: relative;
      display: inline-flex;
    }
    .pill {
      display: inline-flex;
      align-items: center;
      font-size: 0.8rem;
      color: var(--muted);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 999px;
      padding: 2px 10px;
      white-space: nowrap;
    }
    .pill.soon {
      color: var(--text);
      background: var(--warning-soft);
      border-color: var(--warning);
    }
    .card {
      position: absolute;
      top: calc(100% + 8px);
      left: 0;
      z-index: 25;
      width: max-content;
      max-width: min(28rem, 80vw);
      display: grid;
      gap: 10px;
      padding: 12px 14px;
      border-radius: var(--radius);
      border: 1px solid var(--warning);
      background: var(--surface);
      color: var(--text);
      box-shadow: var(--shadow);
      font-size: 0.9rem;
    }
    .card p {
      margin: 0;
    }
    .card .actions {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .error {
      color: var(--danger);
    }
  `,
];
