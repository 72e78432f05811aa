import { AtLtiClass } from './lti-class.component.js';

export { AtLtiClass };
customElements.define('at-lti-class', AtLtiClass);

declare global {
  interface HTMLElementTagNameMap {
    'at-lti-class': AtLtiClass;
  }
}
