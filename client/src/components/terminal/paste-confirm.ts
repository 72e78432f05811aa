import { AtPasteConfirm } from './paste-confirm.component.js';

export { AtPasteConfirm };
customElements.define('at-paste-confirm', AtPasteConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'at-paste-confirm': AtPasteConfirm;
  }
}
