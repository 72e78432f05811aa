import { AtExtendLabs } from './extend-labs.component.js';

export { AtExtendLabs };
customElements.define('at-extend-labs', AtExtendLabs);

declare global {
  interface HTMLElementTagNameMap {
    'at-extend-labs': AtExtendLabs;
  }
}
