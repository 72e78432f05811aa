import { AtClassGrid } from './class-grid.component.js';

export { AtClassGrid };
customElements.define('at-class-grid', AtClassGrid);

declare global {
  interface HTMLElementTagNameMap {
    'at-class-grid': AtClassGrid;
  }
}
