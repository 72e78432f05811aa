import { AtFileTree } from './file-tree.component.js';

export { AtFileTree };
customElements.define('at-file-tree', AtFileTree);

declare global {
  interface HTMLElementTagNameMap {
    'at-file-tree': AtFileTree;
  }
}
