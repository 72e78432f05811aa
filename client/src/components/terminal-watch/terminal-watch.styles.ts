import { css, unsafeCSS } from 'lit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { sharedStyles } from '../../styles/shared.styles.js';

export const terminalWatchStyles = [
  unsafeCSS(xtermCss),
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      background: #14171d;
      color: #dbe1ea;
      max-height: 88vh;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 12px 16px;
      border-bottom: 1px solid #262b35;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    .badge {
      font: 600 0.75rem var(--font-mono);
      color: #f4c46b;
      border: 1px solid #5c4a22;
      border-radius: 999px;
      padding: 1px 8px;
    }
    .machine {
      font: 600 0.8rem var(--font-mono);
      color: #9fcbff;
      background: #1e2633;
      border-radius: 6px;
      padding: 2px 8px;
    }
    .spacer {
      flex: 1;
    }
    .close {
      background: #262b35;
      color: #dbe1ea;
    }
    .close:hover {
      background: #323846;
    }
    .waiting {
      margin: 0;
      padding: 10px 16px;
      color: #aeb7c6;
    }
    .error {
      margin: 10px 16px;
    }
    .screen {
      overflow: auto;
      padding: 10px 12px;
    }
    /* The keyboard hand-over bar (watch-keyboard.ts). */
    .kb {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 14px;
      padding: 8px 16px;
      border-bottom: 1px solid #262b35;
      color: #c9d1dd;
    }
    .kb.granted {
      background: #4a1d05;
      color: #ffe3d3;
    }
    .kb-banner {
      font-weight: 700;
    }
    .kb-status {
      flex: 1;
      font-size: 0.9rem;
    }
    .kb .take,
    .kb .give-back {
      background: #f4c46b;
      color: #2a1f00;
    }
    .kb .take[disabled] {
      opacity: 0.6;
    }
    .kb .error {
      margin: 0;
      color: #ffb4a8;
    }
    .file-line {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 6px 16px;
      border-bottom: 1px solid #262b35;
      font: 0.85rem var(--font-mono);
    }
    .file-name {
      overflow-wrap: anywhere;
    }
    .file-note {
      margin: 0;
      padding: 4px 16px;
      font-size: 0.8rem;
      color: #aab3c2;
    }
    .file-view {
      height: 40vh;
      min-height: 160px;
      overflow: hidden;
      border-bottom: 1px solid #262b35;
    }
    .file-view[hidden] {
      display: none;
    }
  `,
];
