import { AtClassSessions } from './class-sessions.component.js';

export { AtClassSessions };
customElements.define('at-class-sessions', AtClassSessions);

declare global {
  interface HTMLElementTagNameMap {
    'at-class-sessions': AtClassSessions;
  }
}
