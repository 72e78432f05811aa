import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.js';

export const fileTreeStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow: auto;
      font-size: 0.86rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .row {
      outline: none;
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 3px 6px 3px calc(6px + var(--level, 0) * 14px);
      border-radius: 6px;
      cursor: pointer;
      white-space: nowrap;
    }
    .row:hover {
      background: var(--surface-2);
    }
    .row:focus {
      background: var(--primary-soft);
      box-shadow: inset 0 0 0 2px var(--focus);
    }
    .icon {
      flex: none;
      color: var(--muted);
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .link .name {
      font-style: italic;
    }
    .kind {
      color: var(--muted);
    }
    .note {
      color: var(--muted);
      font-size: 0.8rem;
      white-space: normal;
    }
    .note.error {
      color: var(--danger);
    }
  `,
];
