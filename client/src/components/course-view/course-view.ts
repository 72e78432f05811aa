import { AtCourseView } from './course-view.component.js';

export { AtCourseView };
customElements.define('at-course-view', AtCourseView);

declare global {
  interface HTMLElementTagNameMap {
    'at-course-view': AtCourseView;
  }
}
