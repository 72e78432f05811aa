import { AtDemoPanel } from './demo-panel.component.js';
import { AtDemoControl } from './demo-control.component.js';

export { AtDemoControl, AtDemoPanel };
customElements.define('at-demo-panel', AtDemoPanel);
customElements.define('at-demo-control', AtDemoControl);

declare global {
  interface HTMLElementTagNameMap {
    'at-demo-panel': AtDemoPanel;
    'at-demo-control': AtDemoControl;
  }
}
