import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';
import { lessonContentStyles } from './lesson-content.styles.js';

export const lessonStyles = [
  sharedStyles,
  lessonContentStyles,
  css`
    :host {
      display: block;
    }
    .head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 12px;
      margin-bottom: 14px;
    }
    .kicker {
      margin: 0;
      font: 600 0.78rem var(--font-ui);
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: var(--muted);
    }
    h2.title {
      margin: 2px 0 0;
      font-size: 1.3rem;
    }
    .page-status {
      margin: 0;
      font-size: 0.9rem;
      color: var(--muted);
    }
    .page-status.ok {
      color: var(--success);
      font-weight: 600;
    }
    /* Darker than --success: small text needs 4.5:1 on the pale green. */
    .passed-tag {
      flex: none;
      font-size: 0.8rem;
      font-weight: 600;
      color: #17663a;
      background: var(--success-soft);
      padding: 3px 10px;
      border-radius: 999px;
    }
    .passed-tag.skipped {
      background: var(--surface);
      border: 1.5px dashed var(--success);
    }
    .hints {
      margin: 22px 0 0;
      display: grid;
      gap: 10px;
    }
    .hint {
      margin: 0;
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--warning-soft);
      border: 1px solid #f0d894;
    }
    .hint strong {
      display: block;
      font-size: 0.8rem;
      color: var(--warning);
      margin-bottom: 2px;
    }
    .hints .btn {
      justify-self: start;
    }
    .check {
      position: sticky;
      bottom: 0;
      margin: 26px -24px 0;
      padding: 14px 24px;
      background: var(--surface);
      border-top: 1px solid var(--border);
      box-shadow: 0 -8px 16px -12px rgb(16 24 40 / 0.25);
      display: grid;
      gap: 12px;
    }
    .check-row {
      display: flex;
      align-items: center;
      gap: 10px;
      flex-wrap: wrap;
    }
    .next-ready:not([disabled]) {
      color: var(--success);
      border-color: #9fd3b3;
    }
    .check-row .spacer {
      flex: 1;
    }
    .note {
      margin: 0;
      color: var(--muted);
      font-size: 0.88rem;
      text-align: right;
    }
    .result {
      border-radius: 10px;
      border: 1px solid var(--border);
      overflow: hidden;
    }
    .summary {
      margin: 0;
      padding: 9px 14px;
      font-weight: 600;
      cursor: pointer;
    }
    .summary:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: -2px;
    }
    .keys-help {
      margin: -4px 0 0;
      font-size: 0.78rem;
      color: var(--muted);
    }
    /* A short window keeps its height for the lesson, and a phone has no keyboard shortcuts to learn: the
       shortcuts stay in the buttons' tooltips (and for screen readers). */
    @media (max-height: 720px), (max-width: 600px) {
      .keys-help {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
      .checks {
        max-height: 18vh;
      }
    }
    .result.ok .summary {
      background: var(--success-soft);
      color: #145c34;
    }
    .result.ko .summary {
      background: var(--danger-soft);
      color: var(--danger);
    }
    .summary small {
      font-weight: 400;
      opacity: 0.85;
      margin-left: 6px;
    }
    .checks {
      list-style: none;
      margin: 0;
      padding: 6px 0;
      max-height: 30vh;
      overflow: auto;
    }
    .see-above {
      margin: 0;
      padding: 6px 14px;
      font-size: 0.88rem;
      color: var(--muted);
    }
    .checks li {
      display: flex;
      gap: 10px;
      padding: 5px 14px;
      font-size: 0.92rem;
    }
    .mark {
      flex: none;
      display: grid;
      place-items: center;
      width: 20px;
      height: 20px;
      border-radius: 50%;
      font-size: 0.72rem;
      font-weight: 700;
      color: #fff;
      margin-top: 1px;
    }
    .pass .mark {
      background: var(--success);
    }
    .fail .mark {
      background: var(--danger);
    }
  `,
];
