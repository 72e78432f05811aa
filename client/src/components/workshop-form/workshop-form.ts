import { AtWorkshopForm } from './workshop-form.component.js';

export { AtWorkshopForm };
customElements.define('at-workshop-form', AtWorkshopForm);

declare global {
  interface HTMLElementTagNameMap {
    'at-workshop-form': AtWorkshopForm;
  }
}
