import { AtLabRecover } from './lab-recover.component.js';

export { AtLabRecover };
customElements.define('at-lab-recover', AtLabRecover);

declare global {
  interface HTMLElementTagNameMap {
    'at-lab-recover': AtLabRecover;
  }
}
