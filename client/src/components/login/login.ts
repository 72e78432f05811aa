import { AtLogin } from './login.component.js';

export { AtLogin };
customElements.define('at-login', AtLogin);

declare global {
  interface HTMLElementTagNameMap {
    'at-login': AtLogin;
  }
}
