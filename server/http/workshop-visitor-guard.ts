import type { RequestHandler } from 'express';
import { forbidden } from '../auth/roles.js';
import { AppError } from '../errors/app-error.js';
import type { ClassRepo } from '../store/class-repo.js';
import type { VisitorRepo } from '../store/visitor-repo.js';

/**
 * What a workshop visitor may call (paths under /api): the app's shell, their own labs and progress,
 * the courses of their workshop, and the workshop links. Everything else (classes, pairs, accounts,
 * admin, other courses) answers 403, so a visitor account reaches nothing outside its workshop.
 */
const VISITOR_PATHS = [
  /^\/(health|config|me|progress)$/,
  /^\/me\/classes$/,
  /^\/labs(\/|$)/,
  /^\/auth\/(login|logout)$/,
  /^\/workshops\/[^/]+(\/enter)?$/,
];

export function visitorGuard(d: { visitors: VisitorRepo; classes: ClassRepo }): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next();
    const workshopId = d.visitors.workshopOf(req.user.id);
    if (!workshopId) return next();
    const allowed = new Set(d.classes.get(workshopId)?.courseIds ?? []);
    const path = req.path;
    const course = /^\/courses\/([^/]+)/.exec(path)?.[1];
    if (course !== undefined) {
      if (allowed.has(decodeURIComponent(course))) return next();
      return next(new AppError('unknown-course', `Cours inconnu : ${course}`, { id: course }));
    }
    if (path === '/courses' && req.method === 'GET') {
      // The catalogue shows the workshop's courses only.
      const json = res.json.bind(res);
      res.json = (body: unknown) =>
        json(Array.isArray(body) ? body.filter((c: { id?: string }) => allowed.has(c.id ?? '')) : body);
      return next();
    }
    if (req.method === 'POST' && path === '/labs') {
      const courseId = (req.body as { courseId?: unknown } | undefined)?.courseId;
      if (typeof courseId === 'string' && !allowed.has(courseId)) return next(forbidden());
    }
    if (VISITOR_PATHS.some((re) => re.test(path))) return next();
    next(forbidden());
  };
}
