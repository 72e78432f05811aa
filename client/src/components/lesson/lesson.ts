import { AtLesson } from './lesson.component.js';

export { AtLesson };
customElements.define('at-lesson', AtLesson);

declare global {
  interface HTMLElementTagNameMap {
    'at-lesson': AtLesson;
  }
}
