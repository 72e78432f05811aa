import { AtTerminalKeys } from './terminal-keys.component.js';

export { AtTerminalKeys };
customElements.define('at-terminal-keys', AtTerminalKeys);

declare global {
  interface HTMLElementTagNameMap {
    'at-terminal-keys': AtTerminalKeys;
  }
}
