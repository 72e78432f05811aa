// The one import of a course module: `import { defineCourse, check } from '../../server/courses/authoring.js'`.
export { defineCourse } from './define-course.js';
export type { CourseDefinition, ExerciseDefinition, CourseSetup, SetupFile } from './define-course.js';
export { check } from './checks/index.js';
export type { CheckSpec } from './checks/index.js';
export type { CheckMeta } from './checks/check-kind.js';
export type { Localized } from './localized.js';
