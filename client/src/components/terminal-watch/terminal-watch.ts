import { AtTerminalWatch } from './terminal-watch.component.js';

export { AtTerminalWatch };
customElements.define('at-terminal-watch', AtTerminalWatch);

declare global {
  interface HTMLElementTagNameMap {
    'at-terminal-watch': AtTerminalWatch;
  }
}
