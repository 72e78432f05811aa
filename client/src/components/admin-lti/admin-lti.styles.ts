import { css } from 'lit';
import { adminPageStyles } from '../../styles/admin-page.styles.js';

export const adminLtiStyles = [
  ...adminPageStyles,
  css`
    :host {
      --side: 360px;
    }
    .panel {
      margin-bottom: 24px;
    }
    .table-panel {
      padding: 16px;
    }
    dl.values {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 8px 16px;
      margin: 0;
    }
    dl.values dt {
      font-weight: 600;
    }
    dl.values dd {
      margin: 0;
    }
    code {
      font-family: ui-monospace, monospace;
      font-size: 0.9em;
      word-break: break-all;
    }
    form label {
      display: block;
      margin-bottom: 12px;
    }
    form input,
    form textarea {
      display: block;
      width: 100%;
      box-sizing: border-box;
      margin-top: 4px;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    /* A phone: each value under its name (the names alone are wider than the screen's half). */
    @media (max-width: 600px) {
      dl.values {
        grid-template-columns: minmax(0, 1fr);
        gap: 2px;
      }
      dl.values dd {
        margin-bottom: 10px;
      }
    }
  `,
];
