import { css } from 'lit';
import { fieldStyles } from '../../lib/forms-field.js';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

export const classesStyles = [
  sharedStyles,
  pageStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    .back {
      margin-top: 14px;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 360px;
      gap: 24px;
      align-items: start;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 14px;
    }
    .class-card {
      position: relative;
      display: grid;
      gap: 6px;
    }
    .class-card:hover,
    .class-card:focus-within {
      border-color: #b5c4e6;
    }
    .class-card .head {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 12px;
    }
    .class-card h2 {
      margin: 0;
      font-size: 1.1rem;
    }
    .class-card h2 a {
      color: var(--text);
      text-decoration: none;
    }
    .class-card h2 a::after {
      content: '';
      position: absolute;
      inset: 0;
    }
    .class-card .code {
      color: var(--primary);
    }
    .meta {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px 14px;
      align-items: center;
      color: var(--muted);
      font-size: 0.88rem;
    }
    .courses {
      margin: 0;
      font-size: 0.88rem;
    }
    .empty {
      color: var(--muted);
    }
    .archived-toggle {
      margin-top: 14px;
      font-size: 0.9rem;
      color: var(--muted);
    }
    form {
      display: grid;
      gap: 14px;
    }
    fieldset {
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 8px 12px 10px;
      display: grid;
      gap: 6px;
      margin: 0;
    }
    legend {
      font-weight: 600;
      font-size: 0.9rem;
      padding: 0 4px;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 10px;
    }
    form > *,
    .row > *,
    fieldset {
      min-width: 0;
    }
    input:not([type='checkbox']) {
      width: 100%;
      min-width: 0;
    }
    .create .btn-primary {
      min-height: 40px;
    }
    .create-side {
      display: grid;
      gap: 16px;
    }
    @media (max-width: 860px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
  `,
];
