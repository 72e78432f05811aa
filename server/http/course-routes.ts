import express, { Router } from 'express';
import type { CourseRegistry, Lang } from '../courses/course-registry.js';
import { currentUser } from './auth-routes.js';
import { AppError } from '../errors/app-error.js';
import type { CourseImages } from '../labs/lab-images.js';
import { langOf } from './lab-routes.js';

/**
 * `images`: each course says whether its lab image is ready (`imageState`); default: every one is.
 * `onView`: a signed-in user loaded a course page (the learner's course view loads it): the warm pool's demand.
 */
export function courseRoutes(
  registry: CourseRegistry,
  defaultLang: Lang,
  images: CourseImages = { status: () => ({ state: 'ready' }) },
  onView?: (userId: string, courseId: string) => void,
): Router {
  const r = Router();

  r.get('/courses', (req, res) => {
    res.json(registry.list(langOf(req, defaultLang)).map((c) => ({ ...c, imageState: images.status(c.id) })));
  });

  r.get('/courses/:id', (req, res) => {
    const course = registry.get(req.params.id, langOf(req, defaultLang));
    if (!course)
      throw new AppError('unknown-course', `Cours inconnu : ${req.params.id}`, {
        id: String(req.params.id),
      });
    if (req.user) onView?.(req.user.id, course.id);
    res.json({ ...course, imageState: images.status(course.id) });
  });

  // What the course page polls while the image is prepared (cheaper than the whole course).
  r.get('/courses/:id/image', (req, res) => {
    if (!registry.has(req.params.id))
      throw new AppError('unknown-course', `Cours inconnu : ${req.params.id}`, { id: req.params.id });
    res.json(images.status(req.params.id));
  });

  // Course images and other assets; the registry resolves paths inside the course folder only.
  r.get('/courses/:id/assets/*path', (req, res) => {
    currentUser(req);
    const rel = ([] as string[]).concat((req.params as { path?: string[] }).path ?? []).join('/');
    const file = registry.assetPath(req.params.id as string, rel);
    if (!file) throw new AppError('unknown-asset', 'Fichier introuvable.');
    res.sendFile(file, { dotfiles: 'deny', headers: { 'X-Content-Type-Options': 'nosniff' } });
  });

  return r;
}

export const jsonBody = express.json({ limit: '64kb', strict: true });
