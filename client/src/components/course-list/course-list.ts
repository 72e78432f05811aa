import { AtCourseList } from './course-list.component.js';

export { AtCourseList };
customElements.define('at-course-list', AtCourseList);

declare global {
  interface HTMLElementTagNameMap {
    'at-course-list': AtCourseList;
  }
}
