import { AtClassTeam } from './class-team.component.js';

export { AtClassTeam };
customElements.define('at-class-team', AtClassTeam);

declare global {
  interface HTMLElementTagNameMap {
    'at-class-team': AtClassTeam;
  }
}
