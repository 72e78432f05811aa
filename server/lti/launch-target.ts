import type { CourseRegistry } from '../courses/course-registry.js';
import { CLAIM, type ResourceLinkLaunch } from './lti-claims.js';

export interface LaunchTarget {
  /** A path of ours to land on. */
  path: string;
  courseId?: string;
  exerciseId?: string;
}

/**
 * Where a launch lands: the custom parameters `course` and `exercise` (what our deep linking sets) first,
 * else a target link URI of ours naming `/courses/<id>?ex=<exercise>`; else the course list. Only courses
 * and exercises that exist here count.
 */
export function launchTarget(registry: CourseRegistry, c: ResourceLinkLaunch, origin: string): LaunchTarget {
  const custom = c[CLAIM.custom] ?? {};
  let courseId = typeof custom.course === 'string' ? custom.course : undefined;
  let exerciseId = typeof custom.exercise === 'string' ? custom.exercise : undefined;
  if (!courseId) {
    try {
      const url = new URL(c[CLAIM.targetLinkUri] ?? '');
      const m = /^\/courses\/([^/]+)$/.exec(url.pathname);
      if (url.origin === origin && m) {
        courseId = decodeURIComponent(m[1]!);
        exerciseId = url.searchParams.get('ex') ?? undefined;
      }
    } catch {
      // no target of ours
    }
  }
  if (!courseId || !registry.has(courseId)) return { path: '/' };
  if (exerciseId && !registry.has(courseId, exerciseId)) exerciseId = undefined;
  const path = `/courses/${encodeURIComponent(courseId)}${exerciseId ? `?ex=${encodeURIComponent(exerciseId)}` : ''}`;
  return { path, courseId, exerciseId };
}
