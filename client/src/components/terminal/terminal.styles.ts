import { css, unsafeCSS } from 'lit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';

// xterm's own stylesheet must live in this shadow root: it is adopted with the component styles.
export const terminalStyles = [
  unsafeCSS(xtermCss),
  css`
    :host {
      display: flex;
      flex-direction: column;
      position: relative;
      min-height: 0;
      background: #14171d;
      border-radius: var(--radius, 10px);
      overflow: hidden;
    }
    .screen {
      flex: 1;
      min-height: 0;
      padding: 10px 4px 6px 12px;
    }
    .screen .xterm {
      height: 100%;
    }
    /* The rows rarely fill the height exactly: what is left below shows the theme's background, not black. */
    .screen .xterm .xterm-viewport {
      background-color: #14171d;
    }
    .screen .xterm:focus-within {
      outline: none;
    }
    :host(:focus-within) {
      box-shadow: 0 0 0 2px var(--focus, #72b4ff);
    }
    .overlay {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      background: rgb(20 23 29 / 0.82);
      color: #dbe1ea;
      text-align: center;
      padding: 24px;
      font: 0.95rem/1.5 var(--font-ui, system-ui, sans-serif);
    }
    .overlay p {
      margin: 0 0 12px;
      max-width: 40ch;
    }
    .overlay .held {
      font-size: 0.88rem;
      color: #dbe1ea;
    }
    .overlay .held strong {
      color: #ffd48a;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      overflow: hidden;
      clip: rect(0, 0, 0, 0);
      white-space: nowrap;
    }
    .overlay button {
      font: inherit;
      padding: 6px 16px;
      border-radius: 6px;
      border: 1px solid #72b4ff;
      background: transparent;
      color: #9fcbff;
      cursor: pointer;
    }
    .overlay button:focus-visible {
      outline: 2px solid #72b4ff;
      outline-offset: 2px;
    }
    .spinner {
      width: 22px;
      height: 22px;
      margin: 0 auto 12px;
      border: 3px solid #3a4a66;
      border-top-color: #72b4ff;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation-duration: 3s;
      }
    }
  `,
];
