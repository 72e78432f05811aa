import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

export const workshopBoardStyles = [
  sharedStyles,
  pageStyles,
  css`
    :host {
      display: block;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 18px;
      margin: 0 0 18px;
      color: var(--muted);
    }
    .facts strong {
      color: var(--text);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      margin: 0 0 18px;
    }
    /* The projector's panel: black on white, as large as the screen allows. */
    .projector {
      display: grid;
      justify-items: center;
      gap: 16px;
      padding: 24px;
      background: #fff;
      color: #000;
      border: 1px solid var(--border);
      border-radius: 12px;
    }
    .projector:fullscreen {
      border: 0;
      border-radius: 0;
      align-content: center;
    }
    .projector .hint-big {
      margin: 0;
      font-size: clamp(1.1rem, 2.5vw, 2rem);
      font-weight: 600;
    }
    .projector .url {
      margin: 0;
      font: 700 clamp(1.4rem, 4vw, 3.4rem) var(--font-mono);
      word-break: break-all;
      text-align: center;
      color: #000;
    }
    .projector img {
      width: min(70vh, 90%);
      aspect-ratio: 1;
      image-rendering: pixelated;
    }
    .projector:fullscreen img {
      width: min(75vh, 90vw);
    }
    .ended {
      padding: 12px 14px;
      border-radius: 10px;
      background: var(--success-soft);
      color: var(--success);
      font-weight: 600;
    }
  `,
];
