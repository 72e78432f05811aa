import { AtNotices } from './notices.component.js';

export { AtNotices };
customElements.define('at-notices', AtNotices);

declare global {
  interface HTMLElementTagNameMap {
    'at-notices': AtNotices;
  }
}
