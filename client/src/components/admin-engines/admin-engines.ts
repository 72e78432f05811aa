import { AtAdminEngines } from './admin-engines.component.js';

export { AtAdminEngines };
customElements.define('at-admin-engines', AtAdminEngines);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-engines': AtAdminEngines;
  }
}
