import { AtAdminSources } from './admin-sources.component.js';

export { AtAdminSources };
customElements.define('at-admin-sources', AtAdminSources);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-sources': AtAdminSources;
  }
}
