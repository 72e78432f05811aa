import { AtLabBrowser } from './lab-browser.component.js';

export { AtLabBrowser };
customElements.define('at-lab-browser', AtLabBrowser);

declare global {
  interface HTMLElementTagNameMap {
    'at-lab-browser': AtLabBrowser;
  }
}
