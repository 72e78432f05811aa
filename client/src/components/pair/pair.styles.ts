import { css, unsafeCSS } from 'lit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/** The partner's terminal (pair-terminal.component.ts): the dark look of the learner's own. */
export const pairTerminalStyles = [
  unsafeCSS(xtermCss),
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      background: #14171d;
      color: #dbe1ea;
      border-top: 1px solid #262b35;
      max-height: 48vh;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 6px 12px;
      border-bottom: 1px solid #262b35;
    }
    h2 {
      margin: 0;
      font-size: 0.95rem;
    }
    .spacer {
      flex: 1;
    }
    .close {
      background: #262b35;
      color: #dbe1ea;
    }
    .waiting {
      margin: 0;
      padding: 8px 12px;
      color: #aeb7c6;
    }
    .error {
      margin: 8px 12px;
    }
    .screen {
      overflow: auto;
      padding: 8px 10px;
    }
  `,
];

/** « Votre terminal · Terminal de Bob (Bob y est) » above the course page's terminal. */
export const pairBarStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 14px;
      padding: 6px 12px;
      background: #1b2230;
      color: #dbe1ea;
      font-size: 0.85rem;
      border-bottom: 1px solid #262b35;
    }
    .who {
      font-weight: 700;
    }
    .item {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .item.mine::before {
      content: '●';
      color: #7bd88f;
    }
    .muted,
    .presence {
      color: #aeb7c6;
    }
  `,
];

/** The learner's pair on their classes page. */
export const pairPanelStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      margin-top: 10px;
    }
    .pair {
      border-top: 1px dashed var(--border);
      padding-top: 10px;
    }
    p {
      margin: 6px 0;
    }
    .row,
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-top: 6px;
    }
    input {
      font: inherit;
      width: 9em;
      padding: 4px 8px;
      border: 1px solid var(--border);
      border-radius: 8px;
      text-transform: uppercase;
    }
    .code {
      font: 700 1.1rem var(--font-mono);
      letter-spacing: 0.12em;
    }
    .status:empty {
      display: none;
    }
  `,
];

/** The trainer's « Binômes » dialog on the class grid. */
export const pairDialogStyles = [
  sharedStyles,
  pageStyles,
  css`
    :host {
      display: flex;
      justify-content: flex-end;
      margin: 0 0 8px;
    }
    ul {
      list-style: none;
      margin: 0 0 16px;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    li {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 10px;
    }
  `,
];
