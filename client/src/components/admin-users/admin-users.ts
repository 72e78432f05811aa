import { AtAdminUsers } from './admin-users.component.js';

export { AtAdminUsers };
customElements.define('at-admin-users', AtAdminUsers);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-users': AtAdminUsers;
  }
}
