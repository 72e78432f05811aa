import { AtClasses } from './classes.component.js';

export { AtClasses };
customElements.define('at-classes', AtClasses);

declare global {
  interface HTMLElementTagNameMap {
    'at-classes': AtClasses;
  }
}
