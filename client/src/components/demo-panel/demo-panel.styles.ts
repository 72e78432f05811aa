import { css, unsafeCSS } from 'lit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { sharedStyles } from '../../styles/shared.styles.js';

export const demoPanelStyles = [
  unsafeCSS(xtermCss),
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .panel {
      margin: 0 0 16px;
      background: #14171d;
      color: #dbe1ea;
      border-radius: 10px;
      overflow: hidden;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      padding: 8px 12px;
      border-bottom: 1px solid #262b35;
    }
    h2 {
      margin: 0;
      font-size: 0.95rem;
    }
    .by {
      color: #aeb7c6;
      font-size: 0.85rem;
    }
    .badge {
      font: 600 0.75rem var(--font-mono);
      color: #f4c46b;
      border: 1px solid #5c4a22;
      border-radius: 999px;
      padding: 1px 8px;
    }
    .spacer {
      flex: 1;
    }
    .toggle {
      background: #262b35;
      color: #dbe1ea;
    }
    .toggle:hover {
      background: #323846;
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
      max-height: 50vh;
      padding: 8px 10px;
    }
  `,
];

export const demoControlStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      padding: 6px 12px;
      font-size: 0.88rem;
      border-bottom: 1px solid var(--border, #d8dde6);
    }
    .running {
      font-weight: 600;
    }
    .count {
      color: var(--muted, #5b6472);
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    select {
      font: inherit;
      padding: 2px 6px;
    }
    .error {
      margin: 0;
    }
  `,
];
