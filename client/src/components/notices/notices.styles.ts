import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const noticesStyles = [
  sharedStyles,
  css`
    :host {
      display: contents;
    }
    .watching {
      flex: none;
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 8px 20px;
      background: #fff4d6;
      color: #6b4a00;
      border-bottom: 1px solid #f0d894;
      font-weight: 600;
    }
    .restarting {
      flex: none;
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 8px 20px;
      background: #e6f0ff;
      color: #163a6b;
      border-bottom: 1px solid #b9d2f5;
      font-weight: 600;
    }
    /* In the page's flow under the header, never over it: a message hides neither the terminal's
       prompt nor the lesson; the page below gives it room while it shows. */
    .toasts.some {
      flex: none;
      display: grid;
      gap: 6px;
      padding: 8px 20px;
      background: var(--surface);
      border-bottom: 1px solid var(--border);
    }
    .toast {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      padding: 8px 10px 8px 14px;
      background: #e9f1fe;
      color: #14305a;
      border: 1px solid #b9d2f5;
      border-radius: 10px;
      animation: rise 0.2s ease-out;
    }
    .toast .icon {
      color: #1d5fb8;
      padding-top: 2px;
    }
    .toast.lab-reset {
      background: #fff4d6;
      color: #5c3f00;
      border-color: #f0d894;
    }
    .toast.lab-reset .icon {
      color: #8a5a00;
    }
    .body {
      flex: 1;
      min-width: 0;
    }
    .from {
      margin: 0 0 2px;
      font-size: 0.82rem;
      font-weight: 700;
    }
    .text {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .close {
      background: none;
      border: 0;
      color: inherit;
      font-size: 1.3rem;
      line-height: 1;
      cursor: pointer;
      padding: 0 4px;
    }
    .close:hover,
    .close:focus-visible {
      background: rgb(0 0 0 / 0.08);
      border-radius: 6px;
    }
    @keyframes rise {
      from {
        transform: translateY(-6px);
        opacity: 0;
      }
    }
  `,
];
