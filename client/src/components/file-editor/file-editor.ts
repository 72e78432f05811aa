import { AtFileEditor } from './file-editor.component.js';

export { AtFileEditor };
customElements.define('at-file-editor', AtFileEditor);

declare global {
  interface HTMLElementTagNameMap {
    'at-file-editor': AtFileEditor;
  }
}
