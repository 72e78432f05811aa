import { AtWorkshopBoard } from './workshop-board.component.js';

export { AtWorkshopBoard };
customElements.define('at-workshop-board', AtWorkshopBoard);

declare global {
  interface HTMLElementTagNameMap {
    'at-workshop-board': AtWorkshopBoard;
  }
}
