import { css } from 'lit';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { coursePartsStyles } from './course-parts.styles.js';

export const courseViewStyles = [
  sharedStyles,
  dialogStyles,
  coursePartsStyles,
  css`
    :host {
      --split: 46%;
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: minmax(320px, var(--split)) 8px minmax(360px, 1fr);
      grid-template-rows: minmax(0, 1fr);
      background: var(--bg);
    }
    .lesson-pane {
      min-height: 0;
      overflow: auto;
      background: var(--surface);
      border-right: 1px solid var(--border);
      padding: 18px 24px 0;
    }
    .crumbs {
      margin: 0;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .crumbs a {
      color: var(--muted);
    }
    h1 {
      margin: 4px 0 14px;
      font-size: 1.45rem;
      line-height: 1.25;
    }
    .gutter {
      cursor: col-resize;
      background: transparent;
      position: relative;
      touch-action: none;
    }
    .gutter::after {
      content: '';
      position: absolute;
      top: 50%;
      left: 2px;
      width: 4px;
      height: 36px;
      margin-top: -18px;
      border-radius: 4px;
      background: #c3cad6;
    }
    .gutter:hover::after,
    .gutter:focus-visible::after,
    .gutter.dragging::after {
      background: var(--primary);
    }
    .gutter:focus-visible {
      outline: none;
      background: var(--primary-soft);
    }
    .term-pane {
      min-width: 0;
      min-height: 0;
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding: 14px 16px 16px 8px;
    }
    .term-head {
      display: flex;
      align-items: center;
      gap: 10px;
      min-height: 32px;
    }
    .term-title {
      font: 600 0.88rem var(--font-mono);
      color: var(--text);
    }
    .pill {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 0.8rem;
      color: var(--muted);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 999px;
      padding: 2px 10px;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #a0a8b6;
    }
    .dot.ok {
      background: #2faa5f;
    }
    .dot.busy {
      background: #e0a530;
    }
    .dot.bad {
      background: var(--danger);
    }
    .lab-menu {
      position: relative;
    }
    .lab-menu summary {
      list-style: none;
    }
    .lab-menu summary::-webkit-details-marker {
      display: none;
    }
    .lab-menu .menu {
      position: absolute;
      right: 0;
      top: calc(100% + 6px);
      z-index: 20;
      display: grid;
      min-width: 250px;
      padding: 6px;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: 10px;
      box-shadow: 0 10px 30px rgb(16 24 40 / 0.14);
    }
    .lab-menu .menu button {
      padding: 8px 10px;
      border: 0;
      border-radius: 6px;
      background: none;
      color: var(--text);
      font: 500 0.9rem var(--font-ui);
      text-align: left;
      cursor: pointer;
    }
    .lab-menu .menu button:hover:not([disabled]) {
      background: var(--surface-2);
    }
    .lab-menu .menu button:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: -2px;
    }
    .lab-menu .menu button[disabled] {
      color: var(--muted);
      cursor: not-allowed;
    }
    .term-head .spacer {
      flex: 1;
    }
    .term-head {
      flex-wrap: wrap;
      row-gap: 8px;
    }
    .statuses {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 6px;
      min-width: 0;
    }
    .tabs {
      display: flex;
      gap: 4px;
      min-width: 0;
      max-width: 100%;
      overflow-x: auto;
      padding: 2px;
      border-radius: 10px;
      background: #e7ebf1;
    }
    .tab {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      flex: none;
      min-height: 32px;
      padding: 0 12px;
      border: 0;
      border-radius: 8px;
      background: transparent;
      color: var(--muted);
      font: 500 0.85rem var(--font-ui);
      cursor: pointer;
    }
    .tab .host {
      font: 600 0.85rem var(--font-mono);
    }
    .tab:hover {
      color: var(--text);
    }
    .tab[aria-selected='true'] {
      background: var(--surface);
      color: var(--text);
      box-shadow: 0 1px 2px rgb(16 24 40 / 0.12);
    }
    .tab:focus-visible {
      outline: 2px solid var(--focus);
      outline-offset: 1px;
    }
    .tab .dot {
      width: 7px;
      height: 7px;
    }
    .term-stack {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    at-terminal,
    at-lab-browser {
      flex: 1;
    }
    /* Hidden tabs keep their terminal alive; the host's own display rule must not show them. */
    at-terminal[hidden],
    at-lab-browser[hidden] {
      display: none;
    }
    .center {
      grid-column: 1 / -1;
      margin: auto;
      padding: 48px 20px;
      color: var(--muted);
      text-align: center;
    }
    @media (max-width: 900px) {
      :host {
        display: block;
        overflow: auto;
      }
      .gutter {
        display: none;
      }
      .lesson-pane {
        overflow: visible;
        border-right: 0;
      }
      .term-pane {
        height: 70vh;
        padding: 12px;
      }
    }
  `,
];
