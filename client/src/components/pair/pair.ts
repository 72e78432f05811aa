import { AtPairBar } from './pair-bar.component.js';
import { AtPairDialog } from './pair-dialog.component.js';
import { AtPairPanel } from './pair-panel.component.js';
import { AtPairTerminal } from './pair-terminal.component.js';

export { AtPairBar, AtPairDialog, AtPairPanel, AtPairTerminal };
customElements.define('at-pair-bar', AtPairBar);
customElements.define('at-pair-dialog', AtPairDialog);
customElements.define('at-pair-panel', AtPairPanel);

declare global {
  interface HTMLElementTagNameMap {
    'at-pair-bar': AtPairBar;
    'at-pair-dialog': AtPairDialog;
    'at-pair-panel': AtPairPanel;
    'at-pair-terminal': AtPairTerminal;
  }
}
