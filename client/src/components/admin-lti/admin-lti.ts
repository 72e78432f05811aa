import { AtAdminLti } from './admin-lti.component.js';

export { AtAdminLti };
customElements.define('at-admin-lti', AtAdminLti);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-lti': AtAdminLti;
  }
}
