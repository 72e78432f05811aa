import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const myClassesStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      width: min(1120px, 100%);
      margin: 0 auto;
      padding: 28px 20px 0;
    }
    .head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 12px;
      margin-bottom: 12px;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    .head a {
      color: var(--primary);
      font-size: 0.9rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 10px;
    }
    .class {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 10px 20px;
      padding: 14px 18px;
      background: var(--primary-soft);
      border: 1px solid #c9d7f7;
      border-radius: 12px;
    }
    .title {
      display: grid;
      gap: 2px;
    }
    .meta {
      color: var(--muted);
      font-size: 0.88rem;
    }
    .courses {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .course {
      padding: 6px 12px;
      border-radius: 8px;
      background: var(--surface);
      border: 1px solid #c9d7f7;
      color: var(--primary);
      font-weight: 600;
      text-decoration: none;
    }
    .course:hover {
      border-color: var(--primary);
    }
  `,
];
