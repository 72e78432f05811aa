import { AtSetup } from './setup.component.js';

export { AtSetup };
customElements.define('at-setup', AtSetup);

declare global {
  interface HTMLElementTagNameMap {
    'at-setup': AtSetup;
  }
}
