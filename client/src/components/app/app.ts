import { AtApp } from './app.component.js';

export { AtApp };
customElements.define('at-app', AtApp);

declare global {
  interface HTMLElementTagNameMap {
    'at-app': AtApp;
  }
}
