import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/** The « Séances » panel: a compact timetable and a one-line form under it. */
export const classSessionsStyles = [
  sharedStyles,
  pageStyles,
  css`
    :host {
      display: block;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 4px 12px;
    }
    .head h2 {
      margin-bottom: 4px;
    }
    .zone {
      color: var(--muted);
      font-size: 0.85rem;
    }
    .hint {
      margin: 0 0 12px;
    }
    /* Positioned: the screen-reader texts (absolute) scroll with the table, not the page. */
    .table-wrap {
      position: relative;
      overflow-x: auto;
      margin-bottom: 16px;
    }
    /* A phone scrolls the table in its box rather than squeezing each column into a tall one. */
    table {
      min-width: 720px;
    }
    td,
    th {
      padding: 7px 8px;
      border-bottom: 1px solid #eef1f5;
      vertical-align: top;
    }
    td.num,
    th.num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    td.day,
    td.time {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    /* pageStyles' green badge is 4.4:1 on its pale green: darker text for AA. */
    .badge.ok {
      color: #17663a;
    }
    tr.over td {
      color: var(--muted);
    }
    .ready {
      display: block;
      margin-top: 4px;
      font-weight: 600;
      font-size: 0.85rem;
    }
    .capacity {
      margin: 6px 0 0;
      min-width: 240px;
      max-width: 46ch;
      padding: 6px 9px;
      border-radius: 8px;
      border: 1px solid #f0d894;
      background: var(--warning-soft);
      color: var(--warning);
      font-size: 0.85rem;
    }
    .row-actions {
      text-align: right;
    }
    form.new {
      display: grid;
      gap: 12px;
      padding-top: 14px;
      border-top: 1px solid var(--border);
    }
    form.new h3 {
      margin: 0;
      font-size: 1rem;
    }
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 12px;
      align-items: start;
    }
    .fields .course {
      grid-column: span 2;
    }
    .fields input,
    .fields select {
      width: 100%;
    }
    .fields .hint {
      margin: 0;
    }
    .status-msg:empty {
      display: none;
    }
    .status-msg {
      margin-top: 10px;
    }
    @media (max-width: 520px) {
      .fields .course {
        grid-column: auto;
      }
    }
  `,
];
