import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const labBrowserStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-height: 0;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 8px;
    }
    .address {
      flex: 1 1 280px;
      min-width: 0;
      display: flex;
      align-items: center;
      gap: 2px;
      padding: 0 4px 0 10px;
      min-height: 36px;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--surface);
      font: 0.88rem var(--font-mono);
    }
    .address:focus-within {
      border-color: var(--primary);
    }
    .scheme,
    .sep {
      color: var(--muted);
    }
    .address select,
    .address input {
      font: inherit;
      color: var(--text);
      background: transparent;
      border: 0;
      border-radius: 4px;
      padding: 4px 2px;
      min-width: 0;
    }
    .address select:disabled {
      opacity: 1;
      appearance: none;
    }
    .address .port {
      width: 6ch;
      flex: none;
    }
    .address .path {
      flex: 1;
      width: 4ch;
    }
    .address input:focus-visible,
    .address select:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 0;
    }
    .buttons {
      display: flex;
      gap: 6px;
    }
    .pages {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .page {
      display: inline-flex;
      align-items: baseline;
      gap: 8px;
      min-height: 30px;
      padding: 4px 12px;
      border-radius: 999px;
      border: 1px solid var(--border);
      background: var(--surface);
      color: var(--text);
      font: 500 0.85rem var(--font-ui);
      cursor: pointer;
    }
    .page[aria-pressed='true'] {
      border-color: var(--primary);
      background: var(--primary-soft);
    }
    .page:disabled {
      opacity: 0.55;
      cursor: not-allowed;
    }
    .page:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 2px;
    }
    .where {
      font: 0.78rem var(--font-mono);
      color: var(--muted);
    }
    .view {
      flex: 1;
      min-height: 240px;
      width: 100%;
      border: 1px solid var(--border);
      border-radius: var(--radius, 10px);
      background: #fff;
    }
    .message {
      display: grid;
      place-items: center;
      padding: 24px;
      text-align: center;
      color: var(--muted);
      background: var(--surface);
    }
    .message p {
      max-width: 44ch;
      margin: 0;
    }
  `,
];
