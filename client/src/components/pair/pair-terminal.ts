import { AtPairTerminal } from './pair-terminal.component.js';

export { AtPairTerminal };
if (!customElements.get('at-pair-terminal')) customElements.define('at-pair-terminal', AtPairTerminal);
