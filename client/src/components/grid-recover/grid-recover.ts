import { AtGridRecover } from './grid-recover.component.js';

export { AtGridRecover };
customElements.define('at-grid-recover', AtGridRecover);

declare global {
  interface HTMLElementTagNameMap {
    'at-grid-recover': AtGridRecover;
  }
}
