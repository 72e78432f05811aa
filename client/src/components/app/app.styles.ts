import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
      height: 100dvh;
    }
    .skip {
      position: absolute;
      left: 8px;
      top: -48px;
      padding: 8px 12px;
      background: var(--surface);
      border-radius: 6px;
      z-index: 10;
    }
    .skip:focus {
      top: 8px;
    }
    header {
      flex: none;
      display: flex;
      align-items: center;
      gap: 16px;
      height: var(--header-h);
      padding: 0 20px;
      background: #14171d;
      color: #dbe1ea;
    }
    .logo {
      display: inline-flex;
      align-items: center;
      gap: 10px;
      color: #fff;
      text-decoration: none;
      font-weight: 700;
      font-size: 1.12rem;
      letter-spacing: 0.01em;
    }
    .logo .mark {
      font: 700 0.95rem var(--font-mono);
      color: #8fd18c;
      background: #262b35;
      padding: 3px 7px;
      border-radius: 6px;
    }
    .logo .mark span {
      color: #f4c46b;
    }
    nav a {
      color: #aeb7c6;
      text-decoration: none;
      font-weight: 500;
      padding: 6px 10px;
      border-radius: 6px;
    }
    nav a:hover,
    nav a[aria-current='page'] {
      color: #fff;
      background: rgb(255 255 255 / 0.08);
    }
    .spacer {
      flex: 1;
    }
    .lang {
      display: inline-flex;
      border: 1px solid #3a4150;
      border-radius: 8px;
      overflow: hidden;
    }
    .lang button {
      background: transparent;
      color: #aeb7c6;
      border: 0;
      padding: 5px 10px;
      font: 600 0.8rem var(--font-ui);
      cursor: pointer;
    }
    .lang button[aria-pressed='true'] {
      background: #dbe1ea;
      color: #14171d;
    }
    .lang button:focus-visible,
    header .btn:focus-visible,
    header a:focus-visible {
      outline: 2px solid #72b4ff;
      outline-offset: 2px;
    }
    .user {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      color: #dbe1ea;
      font-weight: 500;
    }
    .avatar {
      display: grid;
      place-items: center;
      width: 28px;
      height: 28px;
      border-radius: 50%;
      background: #2a5bd7;
      color: #fff;
      font-weight: 700;
      font-size: 0.8rem;
      text-transform: uppercase;
    }
    header .btn-ghost {
      color: #aeb7c6;
    }
    header .btn-ghost:hover {
      color: #fff;
      background: rgb(255 255 255 / 0.08);
    }
    .banner {
      flex: none;
      display: flex;
      gap: 10px;
      align-items: center;
      padding: 10px 20px;
      background: var(--warning-soft);
      color: var(--warning);
      border-bottom: 1px solid #f0d894;
      font-weight: 500;
    }
    main {
      flex: 1;
      display: flex;
      flex-direction: column;
      min-height: 0;
      overflow: auto;
    }
    main:focus {
      outline: none;
    }
    .center {
      margin: auto;
      padding: 48px 20px;
      color: var(--muted);
      text-align: center;
    }
    @media (max-width: 640px) {
      header {
        gap: 10px;
        padding: 0 12px;
      }
      .user .name,
      nav {
        display: none;
      }
    }
  `,
];
