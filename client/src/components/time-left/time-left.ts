import { AtTimeLeft } from './time-left.component.js';

export { AtTimeLeft };
customElements.define('at-time-left', AtTimeLeft);

declare global {
  interface HTMLElementTagNameMap {
    'at-time-left': AtTimeLeft;
  }
}
