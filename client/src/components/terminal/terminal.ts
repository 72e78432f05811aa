import { AtTerminal } from './terminal.component.js';

export { AtTerminal };
customElements.define('at-terminal', AtTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'at-terminal': AtTerminal;
  }
}
