import { css } from 'lit';
import { loginStyles } from '../login/login.styles.js';

export const setupStyles = [
  ...loginStyles,
  css`
    .card > .btn {
      width: 100%;
    }
  `,
];
