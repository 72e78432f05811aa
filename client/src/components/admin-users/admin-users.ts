import { AtAdminUsers } from './admin-users.component.js';
import { AtIdentities } from './identities-table.js';

export { AtAdminUsers, AtIdentities };
customElements.define('at-admin-users', AtAdminUsers);
customElements.define('at-admin-identities', AtIdentities);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-users': AtAdminUsers;
    'at-admin-identities': AtIdentities;
  }
}
