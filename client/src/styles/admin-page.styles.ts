import { css } from 'lit';
import { fieldStyles } from '../lib/forms-field.js';
import { pageStyles } from './page.styles.js';
import { sharedStyles } from './shared.styles.js';

/**
 * The admin's pages (users, course sources, LTI platforms): tables beside a form of width `--side`. Each page
 * stacks them below its own width (its widest table decides).
 */
export const adminPageStyles = [
  sharedStyles,
  pageStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) var(--side, 320px);
      gap: 24px;
      align-items: start;
    }
    .table-panel {
      /* Positioned: the cells' screen-reader texts (absolute) scroll with the table, not the page. */
      position: relative;
      padding: 6px 8px;
      overflow-x: auto;
    }
    th,
    td {
      padding: 8px 10px;
      border-bottom: 1px solid #eef1f5;
      text-align: left;
      vertical-align: top;
    }
    tbody tr:last-child td {
      border-bottom: 0;
    }
  `,
];
