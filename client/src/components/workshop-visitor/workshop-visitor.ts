import { AtWorkshopVisitor } from './workshop-visitor.component.js';

export { AtWorkshopVisitor };
customElements.define('at-workshop-visitor', AtWorkshopVisitor);

declare global {
  interface HTMLElementTagNameMap {
    'at-workshop-visitor': AtWorkshopVisitor;
  }
}
