import { css } from 'lit';
import { dialogStyles } from './dialog.styles.js';

/** Pages with a title, cards, forms, tables and dialogs (classes, grid, users, join). */
export const pageStyles = css`
  ${dialogStyles}
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .page {
    width: min(1180px, 100%);
    margin: 0 auto;
    padding: 28px 20px 48px;
  }
  h1 {
    margin: 0 0 6px;
    font-size: 1.6rem;
  }
  .lead {
    margin: 0 0 22px;
    color: var(--muted);
  }
  .panel {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 12px;
    box-shadow: var(--shadow);
    padding: 20px;
  }
  .panel h2 {
    margin: 0 0 14px;
    font-size: 1.1rem;
  }
  .field {
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
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    font: 0.95rem var(--font-ui);
    padding: 8px 11px;
    border: 1px solid #c9d0db;
    border-radius: 8px;
    background: var(--surface);
    color: var(--text);
  }
  input:focus,
  select:focus,
  textarea:focus {
    border-color: var(--primary);
  }
  textarea {
    resize: vertical;
    min-height: 90px;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 500;
  }
  .muted {
    color: var(--muted);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    padding: 1px 8px;
    border-radius: 999px;
    border: 1px solid var(--border);
    background: var(--surface-2);
    font-size: 0.78rem;
    font-weight: 600;
    color: #3c4658;
    white-space: nowrap;
  }
  .badge.warn {
    background: var(--warning-soft);
    border-color: #f0d894;
    color: var(--warning);
  }
  .badge.ok {
    background: var(--success-soft);
    border-color: #b5dfc5;
    color: var(--success);
  }
  .code {
    font: 700 1.05rem var(--font-mono);
    letter-spacing: 0.04em;
  }
  .status-msg {
    margin: 0;
    color: var(--success);
    font-weight: 500;
  }
  table {
    border-collapse: separate;
    border-spacing: 0;
    width: 100%;
  }
  th {
    text-align: left;
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--muted);
  }
  dialog form {
    display: grid;
    gap: 14px;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 10px;
  }
`;
