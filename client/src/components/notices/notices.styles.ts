import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const noticesStyles = [
  sharedStyles,
  css`
    :host {
      display: contents;
    }
    .watching {
      flex: none;
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 8px 20px;
      background: #fff4d6;
      color: #6b4a00;
      border-bottom: 1px solid #f0d894;
      font-weight: 600;
    }
    .restarting {
      flex: none;
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 8px 20px;
      background: #e6f0ff;
      color: #163a6b;
      border-bottom: 1px solid #b9d2f5;
      font-weight: 600;
    }
    .toasts {
      position: fixed;
      right: 20px;
      bottom: 20px;
      z-index: 50;
      display: grid;
      gap: 10px;
      width: min(380px, calc(100vw - 40px));
    }
    .toast {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      padding: 12px 12px 12px 14px;
      background: #1b2230;
      color: #f1f4f8;
      border-radius: 12px;
      box-shadow: 0 12px 32px rgb(16 24 40 / 0.3);
      animation: rise 0.2s ease-out;
    }
    .toast .icon {
      color: #8fd18c;
      padding-top: 2px;
    }
    .toast.lab-reset .icon {
      color: #f4c46b;
    }
    .body {
      flex: 1;
      min-width: 0;
    }
    .from {
      margin: 0 0 2px;
      font-size: 0.82rem;
      color: #aeb7c6;
      font-weight: 600;
    }
    .text {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .close {
      background: none;
      border: 0;
      color: #aeb7c6;
      font-size: 1.3rem;
      line-height: 1;
      cursor: pointer;
      padding: 0 4px;
    }
    .close:hover,
    .close:focus-visible {
      color: #fff;
    }
    @keyframes rise {
      from {
        transform: translateY(8px);
        opacity: 0;
      }
    }
  `,
];
