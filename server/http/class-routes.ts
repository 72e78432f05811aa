import type { LabRecord } from '../store/labs-repo.js';
import { previewBody } from './lab-routes.js';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CLASS_NAME } from '../auth/credential-limits.js';
import { requireRole } from '../auth/roles.js';
import type { Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';
import { ID, langOf } from './lab-routes.js';
import type { User } from '../store/users-repo.js';
import { exportFileName, exportRows, knownTimeZone, toCsv } from '../classes/class-export.js';
import type { ClassService } from '../classes/class-service.js';
import type { ClassSessions } from '../classes/class-sessions.js';
import { canonicalTimeZone } from '../classes/zoned-time.js';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ')
  .nullable()
  .optional();
const fields = {
  name: z.string().trim().min(CLASS_NAME.min, `au moins ${CLASS_NAME.min} caractères`).max(CLASS_NAME.max),
  courseIds: z.array(z.string().regex(ID)).min(1, 'au moins un cours').max(20),
  startsOn: date,
  endsOn: date,
  capacity: z.number().int().min(1).max(1000).nullable().optional(),
  // Stored under its canonical name (`europe/paris` → `Europe/Paris`); null: the platform's default.
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => canonicalTimeZone(tz) !== undefined, 'fuseau horaire IANA inconnu (ex. Europe/Paris)')
    .transform((tz) => canonicalTimeZone(tz)!)
    .nullable()
    .optional(),
  learnerCatchUp: z.boolean().optional(),
  learnerPairing: z.boolean().optional(),
};
const datesInOrder = (c: { startsOn?: string | null; endsOn?: string | null }) =>
  !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn;
const dateMessage = { message: 'la date de fin précède la date de début', path: ['endsOn'] };
const createBody = z.object(fields).strict().refine(datesInOrder, dateMessage);
const patchBody = z
  .object({
    ...fields,
    name: fields.name.optional(),
    courseIds: fields.courseIds.optional(),
    joiningOpen: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine(datesInOrder, dateMessage);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure HH:MM');
const expected = z.number().int().min(1).max(500);
const sessionBody = z
  .object({
    courseId: z.string().regex(ID),
    date: day,
    start: hhmm,
    end: hhmm,
    expected,
    repeatDays: z.number().int().min(1).max(14).optional(),
  })
  .strict();
const sessionPatch = z
  .object({
    date: day.optional(),
    start: hhmm.optional(),
    end: hhmm.optional(),
    expected: expected.optional(),
  })
  .strict();
const trainerBody = z.object({ username: z.string().trim().min(1).max(64) }).strict();
const resetBody = z
  .object({ courseId: z.string().regex(ID), clearProgress: z.boolean().optional() })
  .strict();

export interface ClassRouteDeps {
  service: ClassService;
  /** The classes' timetables (sessions, warm pool, capacity). */
  sessions: ClassSessions;
  defaultLang: Lang;
  /** Resets a learner's lab for a course (fresh container); 404 `unknown-lab` when they have none. */
  resetLearnerLab(learnerId: string, courseId: string, clearProgress: boolean, by: User): Promise<unknown>;
  /** The learner left the class (the grid drops their row). */
  onRemoved(classId: string, learnerId: string): void;
  /** A lab by id (any owner): the route checks the owner is a learner of the trainer's class. */
  labOf(labId: string): LabRecord | undefined;
  previewLink(lab: LabRecord, ask: z.infer<typeof previewBody>): { url: string };
}

const param = (req: Request, name: string): string => String(req.params[name]);
const me = (req: Request): User => req.user!;

/** The trainer's routes (docs/API.md, "Classes"); each one checks the role, then that the class is theirs. */
export function classRoutes(d: ClassRouteDeps): Router {
  const r = Router();
  const { service } = d;
  r.use('/classes', requireRole('trainer', 'admin'));

  r.get('/classes', (req, res) => {
    res.json(service.list(me(req), req.query.archived === '1'));
  });

  r.post('/classes', (req, res) => {
    res.status(201).json(service.create(me(req), parseBody(createBody, req.body)));
  });

  r.get('/classes/:id', (req, res) => {
    res.json(service.view(service.taught(me(req), param(req, 'id'))));
  });

  r.patch('/classes/:id', (req, res) => {
    res.json(service.update(me(req), param(req, 'id'), parseBody(patchBody, req.body)));
  });

  r.post('/classes/:id/code', (req, res) => {
    res.json(service.regenerateCode(me(req), param(req, 'id')));
  });

  r.get('/classes/:id/progress', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(service.grid(me(req), param(req, 'id'), langOf(req, d.defaultLang)));
  });

  r.get('/classes/:id/export', (req, res) => {
    const lang = langOf(req, d.defaultLang);
    const grid = service.grid(me(req), param(req, 'id'), lang);
    const rows = exportRows(grid, lang);
    const format = req.query.format === 'json' ? 'json' : 'csv';
    const name = exportFileName(grid.class.name, format);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'json') return void res.json({ class: grid.class, exportedAt: grid.generatedAt, rows });
    const separator = req.query.sep === 'semicolon' ? ';' : ',';
    const timeZone = knownTimeZone(typeof req.query.tz === 'string' ? req.query.tz : undefined);
    res.type('text/csv; charset=utf-8').send(toCsv(rows, { separator, lang, timeZone }));
  });

  r.post('/classes/:id/learners/:userId/reset', async (req, res) => {
    const { cls, learner } = service.learnerOf(me(req), param(req, 'id'), param(req, 'userId'));
    const { courseId, clearProgress } = parseBody(resetBody, req.body);
    if (!cls.courseIds.includes(courseId))
      throw new AppError('unknown-course', `Ce cours ne fait pas partie de la classe : ${courseId}`, {
        id: courseId,
      });
    res.json(await d.resetLearnerLab(learner.userId, courseId, clearProgress ?? false, me(req)));
  });

  r.post('/classes/:id/labs/:labId/preview', (req, res) => {
    const lab = d.labOf(param(req, 'labId'));
    if (!lab) throw new AppError('unknown-lab', 'Lab introuvable.');
    const { cls } = service.learnerOf(me(req), param(req, 'id'), lab.userId);
    if (!cls.courseIds.includes(lab.courseId)) throw new AppError('unknown-lab', 'Lab introuvable.');
    res.json(d.previewLink(lab, parseBody(previewBody, req.body)));
  });

  r.post('/classes/:id/trainers', (req, res) => {
    res.json(service.addTrainer(me(req), param(req, 'id'), parseBody(trainerBody, req.body).username));
  });

  r.delete('/classes/:id/trainers/:userId', (req, res) => {
    res.json(service.removeTrainer(me(req), param(req, 'id'), param(req, 'userId')));
  });

  r.get('/classes/:id/sessions', (req, res) => {
    const cls = service.taught(me(req), param(req, 'id'));
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      sessions: d.sessions.list(cls, langOf(req, d.defaultLang)),
      leadMinutes: d.sessions.d.leadMs / 60_000,
      maxLabs: d.sessions.d.maxLabs,
    });
  });

  r.post('/classes/:id/sessions', (req, res) => {
    const cls = service.taught(me(req), param(req, 'id'));
    const body = parseBody(sessionBody, req.body);
    res.status(201).json({ sessions: d.sessions.create(cls, body, langOf(req, d.defaultLang)) });
  });

  r.patch('/classes/:id/sessions/:sid', (req, res) => {
    const cls = service.taught(me(req), param(req, 'id'));
    const patch = parseBody(sessionPatch, req.body);
    res.json(d.sessions.update(cls, param(req, 'sid'), patch, langOf(req, d.defaultLang)));
  });

  r.delete('/classes/:id/sessions/:sid', (req, res) => {
    d.sessions.remove(service.taught(me(req), param(req, 'id')), param(req, 'sid'));
    res.status(204).end();
  });

  r.delete('/classes/:id/learners/:userId', (req, res) => {
    const { cls, learner } = service.learnerOf(me(req), param(req, 'id'), param(req, 'userId'));
    service.d.members.remove(cls.id, learner.userId);
    d.onRemoved(cls.id, learner.userId);
    res.status(204).end();
  });

  return r;
}
