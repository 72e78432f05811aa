import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const fileEditorStyles = [
  sharedStyles,
  css`
    :host {
      flex: 1;
      min-height: 0;
      display: flex;
      container: editor / inline-size;
    }
    .layout {
      flex: 1;
      min-width: 0;
      display: flex;
      gap: 10px;
    }
    :host([hidden]) {
      display: none;
    }
    /* A narrow pane (a phone, a wide lesson): the files above the editor. */
    @container editor (max-width: 600px) {
      .layout {
        flex-direction: column;
      }
      .sidebar {
        flex: none;
        max-height: 40%;
        overflow: auto;
        padding: 0 0 10px;
        border-right: 0;
        border-bottom: 1px solid var(--border);
      }
    }
    .sidebar {
      flex: 0 0 clamp(180px, 30%, 280px);
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding-right: 10px;
      border-right: 1px solid var(--border);
    }
    .field {
      margin: 0;
    }
    .field,
    .path-form {
      display: flex;
      flex-direction: column;
      gap: 4px;
      font-size: 0.85rem;
      font-weight: 600;
    }
    input,
    select {
      font: 0.88rem var(--font-mono);
      padding: 6px 8px;
      border: 1px solid var(--border);
      border-radius: 6px;
      background: var(--surface);
      color: var(--text);
      min-width: 0;
    }
    .path-buttons {
      display: flex;
      gap: 6px;
    }
    .places ul {
      list-style: none;
      margin: 0 0 6px;
      padding: 0;
    }
    .group-title {
      margin: 0 0 2px;
      font-size: 0.78rem;
      font-weight: 600;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .place {
      width: 100%;
      text-align: left;
      border: 0;
      background: none;
      padding: 3px 6px;
      border-radius: 6px;
      font: 0.84rem var(--font-mono);
      color: var(--primary);
      cursor: pointer;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .place:hover {
      background: var(--surface-2);
    }
    button:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 1px;
    }
    at-file-tree {
      flex: 1;
      min-height: 120px;
    }
    .main {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 6px;
      min-width: 0;
    }
    .open-files {
      display: flex;
      gap: 4px;
      list-style: none;
      margin: 0;
      padding: 0;
      overflow-x: auto;
      min-width: 0;
    }
    .file-tab {
      display: flex;
      align-items: center;
      flex: none;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--surface-2);
    }
    .file-tab.current {
      background: var(--surface);
      border-color: var(--primary);
    }
    .file-tab button {
      border: 0;
      background: none;
      color: var(--text);
      cursor: pointer;
      min-height: 30px;
    }
    .file {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 0 4px 0 10px;
      font: 0.85rem var(--font-mono);
    }
    .close {
      padding: 0 8px;
      font-size: 1.05rem;
      color: var(--muted);
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--warning);
    }
    .badge {
      padding: 1px 6px;
      border-radius: 4px;
      background: var(--primary-soft);
      color: var(--primary);
      font: 600 0.75rem var(--font-mono);
    }
    .notice {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px 12px;
      padding: 8px 12px;
      border-radius: 8px;
    }
    .notice p {
      margin: 0;
    }
    .warn {
      background: var(--warning-soft);
      color: var(--warning);
    }
    .error-box {
      background: var(--danger-soft);
      color: var(--danger);
    }
    .code-stack {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      border: 1px solid var(--border);
      border-radius: 8px;
      overflow: hidden;
      background: var(--surface);
    }
    .code {
      flex: 1;
      min-height: 0;
    }
    .code-stack[hidden],
    .code[hidden] {
      display: none;
    }
    .empty {
      margin: auto;
      padding: 24px;
      color: var(--muted);
      text-align: center;
    }
    .conflict {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 10px 12px;
      border: 1px solid var(--warning);
      border-radius: 8px;
      background: var(--warning-soft);
      flex: 1;
      min-height: 0;
    }
    .conflict h3 {
      margin: 0;
      font-size: 1rem;
    }
    .conflict p {
      margin: 0;
    }
    .sides {
      display: grid;
      grid-template-columns: 1fr 1fr;
      font-weight: 600;
      font-size: 0.85rem;
    }
    .merge {
      flex: 1;
      min-height: 120px;
      overflow: auto;
      background: var(--surface);
      border-radius: 6px;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .status {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 4px 10px;
      font-size: 0.82rem;
      color: var(--muted);
    }
    .mono {
      font-family: var(--font-mono);
    }
    .spacer {
      flex: 1;
    }
    .saved {
      color: var(--success);
    }
  `,
];
