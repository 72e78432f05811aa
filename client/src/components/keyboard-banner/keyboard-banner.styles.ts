import { css } from 'lit';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

export const keyboardBannerStyles = [
  sharedStyles,
  dialogStyles,
  css`
    :host {
      display: contents;
    }
    .keyboard {
      flex: none;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 10px 16px;
      padding: 8px 20px;
      background: #ffe9e0;
      color: #6b2100;
      border-bottom: 1px solid #f3b9a1;
      font-weight: 600;
    }
    .keyboard .take-back {
      background: #8a2c00;
      color: #fff;
    }
    .keyboard .take-back:hover,
    .keyboard .take-back:focus-visible {
      background: #6b2100;
    }
    dialog .detail {
      font-size: 0.92rem;
    }
  `,
];
