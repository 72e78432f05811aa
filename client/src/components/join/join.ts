import { AtJoin } from './join.component.js';

export { AtJoin };
customElements.define('at-join', AtJoin);

declare global {
  interface HTMLElementTagNameMap {
    'at-join': AtJoin;
  }
}
