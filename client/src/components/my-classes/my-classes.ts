import { AtMyClasses } from './my-classes.component.js';

export { AtMyClasses };
customElements.define('at-my-classes', AtMyClasses);

declare global {
  interface HTMLElementTagNameMap {
    'at-my-classes': AtMyClasses;
  }
}
