import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { gridTableStyles } from './grid-table.styles.js';

/** Header, join box, toolbar and dialogs; the table's own styles are in grid-table.styles.ts. */
export const classGridStyles = [
  sharedStyles,
  pageStyles,
  gridTableStyles,
  css`
    :host {
      display: block;
    }
    .page.wide {
      width: min(1440px, 100%);
    }
    .class-head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: flex-start;
      gap: 16px 24px;
      margin-bottom: 18px;
    }
    .crumbs {
      margin: 0 0 4px;
      font-size: 0.88rem;
    }
    .crumbs a {
      color: var(--muted);
    }
    .meta {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px 14px;
      align-items: center;
      color: var(--muted);
      font-size: 0.9rem;
    }
    .live {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .live .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #b9c2d0;
    }
    .live.on .dot {
      background: var(--success);
      box-shadow: 0 0 0 3px var(--success-soft);
    }
    .join {
      display: grid;
      gap: 6px;
      padding: 14px 18px;
      min-width: min(420px, 100%);
    }
    .code-line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
    }
    .code-line .label {
      font-size: 0.85rem;
      color: var(--muted);
      font-weight: 600;
    }
    /* The code is read aloud and typed: one line, smaller on a narrow screen rather than cut. */
    .code.big {
      font-size: clamp(1.1rem, 5.6vw, 1.6rem);
      white-space: nowrap;
      color: var(--primary);
    }
    .join .hint {
      margin: 0;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 10px 18px;
      margin: 0 0 12px;
    }
    .toolbar .summary {
      margin: 0;
      font-weight: 600;
    }
    .field.inline {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      font-weight: 500;
    }
    .field.inline select {
      padding: 4px 8px;
    }
    .spacer {
      flex: 1;
    }
    /* The class-wide actions stay together (they wrap as one group, to the right). */
    .tools {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 8px;
      margin-left: auto;
    }
    .export {
      position: relative;
    }
    .export summary {
      list-style: none;
    }
    .export summary::-webkit-details-marker {
      display: none;
    }
    .export .menu {
      position: absolute;
      right: 0;
      top: calc(100% + 6px);
      z-index: 5;
      display: grid;
      min-width: 260px;
      padding: 6px;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 10px;
      box-shadow: 0 10px 30px rgb(16 24 40 / 0.14);
    }
    .export .menu a {
      padding: 8px 10px;
      border-radius: 6px;
      color: var(--text);
      text-decoration: none;
    }
    .export .menu a:hover {
      background: var(--surface-2);
    }
    .status-msg {
      margin: 0 0 10px;
    }
    /* Under the grid: the timetable beside the trainers and settings. */
    .week {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(280px, 380px);
      gap: 20px;
      align-items: start;
      margin-top: 24px;
    }
    @media (max-width: 900px) {
      .week {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .empty {
      color: var(--muted);
    }
    dialog.preview {
      width: min(1100px, 96vw);
      height: min(800px, 90vh);
      padding: 0;
      flex-direction: column;
    }
    dialog.preview[open] {
      display: flex;
    }
    .preview-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 10px;
      padding: 12px 16px;
      border-bottom: 1px solid var(--border);
    }
    .preview-head h2 {
      margin: 0;
      font-size: 1rem;
    }
    dialog.preview iframe {
      flex: 1;
      width: 100%;
      border: 0;
      background: #fff;
    }
    dialog.preview .error,
    dialog.preview .muted {
      margin: 16px;
    }
    dialog.watch {
      width: min(980px, 96vw);
      padding: 0;
      background: #14171d;
      border-color: #262b35;
    }
  `,
];
