import { AtKeyboardBanner } from './keyboard-banner.component.js';

export { AtKeyboardBanner };
customElements.define('at-keyboard-banner', AtKeyboardBanner);

declare global {
  interface HTMLElementTagNameMap {
    'at-keyboard-banner': AtKeyboardBanner;
  }
}
