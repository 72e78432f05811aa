import { css } from 'lit';

/** Buttons, fields and small helpers shared by the views (adopted by each shadow root). */
export const sharedStyles = css`
  /* global.css's border-box does not reach into shadow roots: without it a padded 100%-wide box
     (a card, a page's host) is wider than the screen on a phone. */
  :host,
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host {
    font-family: var(--font-ui);
    color: var(--text);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    min-height: 36px;
    padding: 0 16px;
    border-radius: 8px;
    border: 1px solid transparent;
    font: 600 0.93rem/1 var(--font-ui);
    cursor: pointer;
    text-decoration: none;
    transition:
      background-color 0.15s,
      border-color 0.15s,
      color 0.15s;
    white-space: nowrap;
  }
  .btn:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
  .btn[disabled] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn-primary {
    background: var(--primary);
    color: #fff;
  }
  .btn-primary:not([disabled]):hover {
    background: var(--primary-hover);
  }
  .btn-secondary {
    background: var(--surface);
    color: var(--text);
    border-color: var(--border);
  }
  .btn-secondary:not([disabled]):hover {
    border-color: #b9c2d0;
    background: var(--surface-2);
  }
  .btn-ghost {
    background: transparent;
    color: var(--muted);
  }
  .btn-ghost:not([disabled]):hover {
    color: var(--text);
    background: rgb(0 0 0 / 0.05);
  }
  .btn-danger {
    background: var(--danger);
    color: #fff;
  }
  .btn-small {
    min-height: 30px;
    padding: 0 10px;
    font-size: 0.85rem;
  }
  .error {
    margin: 0;
    padding: 10px 14px;
    border-radius: 8px;
    background: var(--danger-soft);
    color: var(--danger);
    border: 1px solid #f1c4bf;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .spinner {
    display: inline-block;
    width: 14px;
    height: 14px;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  /* « Traduction à faire »: an imported course whose French text is still to write (trainers only). */
  .untranslated {
    display: inline-block;
    vertical-align: middle;
    padding: 2px 9px;
    border-radius: 999px;
    border: 1px solid #e0b252;
    background: #fff4dc;
    color: #7a4d00;
    font: 600 0.75rem var(--font-ui);
    letter-spacing: 0.01em;
    white-space: nowrap;
  }
`;
