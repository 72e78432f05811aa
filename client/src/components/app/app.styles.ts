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
    /* The banner landmark: the bar, then the notices and banners (every piece of the page is in a landmark). */
    header {
      flex: none;
    }
    .bar {
      position: relative;
      display: flex;
      align-items: center;
      gap: 16px;
      height: var(--header-h);
      padding: 0 20px;
      background: #14171d;
      color: #dbe1ea;
    }
    .logo {
      flex: none;
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
      flex: none;
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
      min-width: 0;
      display: inline-flex;
      align-items: center;
      gap: 8px;
      color: #dbe1ea;
      font-weight: 500;
    }
    .user .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .avatar {
      flex: none;
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
    .center h1 {
      margin: 0 0 8px;
      font-size: 1.45rem;
      color: var(--text);
    }
    .menu-btn,
    .menu-only {
      display: none;
    }
    .menu-btn {
      flex: none;
      place-items: center;
      width: 40px;
      height: 40px;
      margin-left: -6px;
      border: 0;
      border-radius: 8px;
      background: transparent;
      color: #dbe1ea;
      cursor: pointer;
    }
    .menu-btn svg {
      width: 22px;
      height: 22px;
    }
    .menu-btn[aria-expanded='true'] {
      background: rgb(255 255 255 / 0.1);
    }
    .menu-btn:focus-visible {
      outline: 2px solid #72b4ff;
      outline-offset: 2px;
    }
    /* A phone: the links, the name and the logout go into the panel the menu button opens. */
    @media (max-width: 640px) {
      .bar {
        gap: 10px;
        padding: 0 12px;
      }
      .user .name,
      .logout,
      nav {
        display: none;
      }
      .menu-btn {
        display: grid;
      }
      nav.open {
        position: absolute;
        z-index: 20;
        top: 100%;
        left: 0;
        right: 0;
        display: flex;
        flex-direction: column;
        align-items: stretch;
        gap: 4px;
        padding: 8px 12px 14px;
        background: #14171d;
        border-top: 1px solid #262b35;
        box-shadow: 0 12px 24px rgb(0 0 0 / 0.3);
      }
      nav.open a {
        padding: 10px 12px;
      }
      nav.open .menu-only {
        display: block;
      }
      .who {
        margin: 8px 12px 4px;
        padding-top: 10px;
        border-top: 1px solid #262b35;
        color: #dbe1ea;
      }
      .who .login {
        color: #aeb7c6;
        font: 0.85rem var(--font-mono);
      }
      nav.open .btn-ghost {
        justify-content: flex-start;
        min-height: 40px;
        padding: 0 12px;
      }
    }
  `,
];
