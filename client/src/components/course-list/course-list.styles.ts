import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const courseListStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      width: min(1120px, 100%);
      margin: 0 auto;
      padding: 32px 20px 48px;
    }
    h1 {
      margin: 0 0 20px;
      font-size: 1.6rem;
    }
    .join {
      margin: -8px 0 20px;
      color: var(--muted);
    }
    .join a {
      color: var(--primary);
      font-weight: 600;
      text-underline-offset: 3px;
    }
    .grid {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
      gap: 18px;
    }
    .card {
      position: relative;
      display: flex;
      flex-direction: column;
      gap: 10px;
      box-sizing: border-box;
      height: 100%;
      padding: 20px 20px 18px;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 12px;
      box-shadow: var(--shadow);
      transition:
        border-color 0.15s,
        box-shadow 0.15s,
        transform 0.15s;
    }
    .card:hover,
    .card:focus-within {
      border-color: #b5c4e6;
      box-shadow: 0 6px 20px rgb(16 24 40 / 0.09);
    }
    .image {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font-size: 0.9rem;
      color: var(--muted, #555);
    }
    .card h2 {
      margin: 0;
      font-size: 1.12rem;
    }
    .card h2 a {
      color: var(--text);
      text-decoration: none;
    }
    /* The whole card is the link's hit area. */
    .card h2 a::after {
      content: '';
      position: absolute;
      inset: 0;
      border-radius: 12px;
    }
    .card h2 a:focus-visible {
      outline: none;
    }
    .card:has(a:focus-visible) {
      outline: 2px solid var(--focus);
      outline-offset: 2px;
    }
    .desc {
      margin: 0;
      color: var(--muted);
      flex: 1;
    }
    .meta {
      display: flex;
      justify-content: space-between;
      align-items: center;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font: 600 0.78rem var(--font-mono);
      color: #3c4658;
      background: var(--surface-2);
      border: 1px solid var(--border);
      padding: 2px 8px;
      border-radius: 999px;
    }
    .done {
      color: var(--success);
      font-weight: 600;
    }
    progress {
      appearance: none;
      width: 100%;
      height: 6px;
      border: 0;
      border-radius: 999px;
      background: #e7ebf1;
      overflow: hidden;
    }
    progress::-webkit-progress-bar {
      background: #e7ebf1;
    }
    progress::-webkit-progress-value {
      background: var(--success);
      border-radius: 999px;
    }
    progress::-moz-progress-bar {
      background: var(--success);
    }
    .empty,
    .loading {
      color: var(--muted);
    }
    .untranslated-row {
      margin: -4px 0 8px;
    }
  `,
];
