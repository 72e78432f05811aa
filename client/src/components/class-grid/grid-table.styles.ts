import { css } from 'lit';

/** The progress table: sticky learner column and header, status squares, CSS tooltips. */
export const gridTableStyles = css`
  /* Positioned: the buttons' screen-reader texts (absolute) scroll with the table, not the page. */
  .table-wrap {
    position: relative;
    width: fit-content;
    max-width: 100%;
    overflow: auto;
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 12px;
    box-shadow: var(--shadow);
  }
  table.grid {
    width: auto;
  }
  table.grid th,
  table.grid td {
    border-bottom: 1px solid #eef1f5;
    padding: 6px 4px;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--surface-2);
    z-index: 1;
  }
  thead th.course {
    text-align: center;
    color: var(--text);
    border-left: 1px solid var(--border);
  }
  thead th.ex {
    text-align: center;
    min-width: 40px;
    font: 600 0.78rem var(--font-mono);
  }
  .learner-col,
  th.learner {
    position: sticky;
    left: 0;
    background: var(--surface);
    z-index: 2;
    width: 300px;
    min-width: 240px;
    max-width: 340px;
    padding-left: 14px !important;
    text-align: left;
    font-weight: 400;
    color: var(--text);
  }
  thead .learner-col {
    background: var(--surface-2);
    z-index: 3;
  }
  .who {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .who .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .who .count {
    font: 600 0.78rem var(--font-mono);
    color: var(--muted);
  }
  .sub {
    font-size: 0.8rem;
    color: var(--muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .sub .login {
    font-family: var(--font-mono);
  }
  tr.stuck th.learner {
    box-shadow: inset 4px 0 0 #e0a100;
  }
  td.cell {
    text-align: center;
  }
  .sq {
    display: inline-grid;
    place-items: center;
    width: 26px;
    height: 26px;
    border-radius: 6px;
    font-weight: 800;
    font-size: 0.95rem;
    transition: background-color 0.3s;
  }
  [data-status='not-started'] .sq {
    background: #f1f3f7;
    border: 1px dashed #d3d9e2;
  }
  [data-status='in-progress'] .sq {
    background: var(--primary-soft);
    border: 1px solid #bccdf5;
  }
  [data-status='in-progress'] .sq::after {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--primary);
  }
  [data-status='failing'] .sq {
    background: var(--danger-soft);
    color: var(--danger);
    border: 1px solid #f1c4bf;
  }
  [data-status='done'] .sq {
    background: var(--success);
    color: #fff;
  }
  /* Caught up (the reference solution ran): an outlined tick on hatching, never the learner's green. */
  [data-status='skipped'] .sq {
    background: repeating-linear-gradient(135deg, #e3f4ea 0 4px, #ffffff 4px 8px);
    color: var(--success);
    border: 1.5px dashed var(--success);
  }
  td.cell[data-status='failing'] {
    cursor: help;
  }
  td.cell {
    position: relative;
  }
  td.cell:hover::after,
  td.cell:focus-within::after {
    content: attr(data-tip);
    position: absolute;
    z-index: 4;
    left: 50%;
    bottom: calc(100% - 2px);
    transform: translateX(-50%);
    width: max-content;
    max-width: 280px;
    padding: 8px 10px;
    border-radius: 8px;
    background: #1b2230;
    color: #f1f4f8;
    font-size: 0.8rem;
    line-height: 1.4;
    text-align: left;
    white-space: pre-line;
    box-shadow: 0 8px 24px rgb(16 24 40 / 0.25);
    pointer-events: none;
  }
  .sq:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
  .row-actions {
    white-space: nowrap;
    padding-right: 10px !important;
    text-align: right;
  }
  .actions-col {
    text-align: right;
    padding-right: 14px !important;
  }
  /* A phone: a narrower sticky name column leaves room for the exercises scrolling beside it. */
  @media (max-width: 640px) {
    .learner-col,
    th.learner {
      width: 150px;
      min-width: 140px;
      max-width: 160px;
      padding-left: 10px !important;
    }
  }
  tbody tr:hover th.learner,
  tbody tr:hover td {
    background: #fafbfd;
  }
`;
