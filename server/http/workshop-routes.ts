import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { CLASS_NAME, DISPLAY_NAME, JOIN_CODE, shapeOf } from '../auth/credential-limits.js';
import { requireRole } from '../auth/roles.js';
import { sessionCookie, type SessionDeps } from '../auth/session-cookie.js';
import type { ClassService } from '../classes/class-service.js';
import type { FailureBudget } from '../classes/failure-budget.js';
import type { WorkshopService } from '../classes/workshop-service.js';
import { canonicalTimeZone } from '../classes/zoned-time.js';
import type { Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import { currentUser } from './auth-routes.js';
import { parseBody } from './http-error.js';
import { ID, langOf } from './lab-routes.js';
import type { RateLimiter } from './rate-limiter.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure HH:MM');
const createBody = z
  .object({
    name: z.string().trim().min(CLASS_NAME.min, `au moins ${CLASS_NAME.min} caractères`).max(CLASS_NAME.max),
    courseIds: z.array(z.string().regex(ID)).min(1, 'au moins un cours').max(20),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ'),
    start: hhmm,
    end: hhmm,
    seats: z.number().int().min(1).max(500),
    graceMin: z.number().int().min(0).max(240).optional(),
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => canonicalTimeZone(tz) !== undefined, 'fuseau horaire IANA inconnu (ex. Europe/Paris)')
      .transform((tz) => canonicalTimeZone(tz)!)
      .nullable()
      .optional(),
  })
  .strict();
/** A first name only (no e-mail, no surname asked): 1 to 40 characters of a display name's shape. */
const enterBody = z
  .object({
    firstName: z
      .string()
      .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
      .pipe(
        z.union([
          z.literal(''),
          z
            .string()
            .max(DISPLAY_NAME.max, `au plus ${DISPLAY_NAME.max} caractères`)
            .regex(shapeOf(DISPLAY_NAME), "lettres, chiffres, espaces, « . », « ' » ou « - » seulement"),
        ]),
      )
      .optional(),
  })
  .strict();
const code = z.string().trim().min(JOIN_CODE.min).max(JOIN_CODE.max);

export interface WorkshopRouteDeps extends SessionDeps {
  workshops: WorkshopService;
  service: ClassService;
  defaultLang: Lang;
  /** The platform's address for the QR code (config publicOrigin); absent: the request's own. */
  publicOrigin?: string;
  /** Visitors entering per IP: a room behind one address fits, a script filling seats is slowed. */
  enterLimiter: RateLimiter;
  /** Unknown codes per IP (JOIN_FAILURES), so workshop links cannot be enumerated. */
  badCodes: FailureBudget;
}

/** The link a workshop's QR code and short link carry. */
export const workshopPath = (joinCode: string) => `/w/${joinCode}`;

/** Workshops (docs/API.md, "Workshops"): creation by a trainer, the link's page, entering, the QR code. */
export function workshopRoutes(d: WorkshopRouteDeps): Router {
  const r = Router();
  const origin = (req: Request) => d.publicOrigin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  const checkCode = (req: Request): string => {
    const raw = parseBody(code, req.params.code);
    d.badCodes.check(`ip:${req.ip}`);
    if (!d.workshops.find(raw)) {
      d.badCodes.fail(`ip:${req.ip}`);
      throw new AppError('unknown-code', 'Ce lien ne correspond à aucun atelier.');
    }
    return raw;
  };

  r.post('/workshops', requireRole('trainer', 'admin'), (req, res) => {
    const body = parseBody(createBody, req.body);
    res.status(201).json(d.workshops.create(currentUser(req), body, langOf(req, d.defaultLang)));
  });

  r.get('/workshops/:code', (req, res) => {
    const raw = checkCode(req);
    res.json(d.workshops.preview(raw, req.user, langOf(req, d.defaultLang)));
  });

  r.post('/workshops/:code/enter', (req, res) => {
    const { firstName } = parseBody(enterBody, req.body ?? {});
    d.enterLimiter.consume(`ip:${req.ip}`);
    const raw = checkCode(req);
    const lang = langOf(req, d.defaultLang);
    const visitorName = (n: number) => (lang === 'en' ? `Visitor ${n}` : `Visiteur ${n}`);
    const entry = d.workshops.enter(raw, req.user, firstName || undefined, visitorName);
    if (entry.session)
      res.setHeader('Set-Cookie', sessionCookie(d, entry.session.id, entry.session.expiresAt - Date.now()));
    res.status(entry.session ? 201 : 200).json({
      user: entry.user,
      class: { id: entry.classId },
      courseId: entry.courseId,
    });
  });

  // The QR code for the projector: black on white, SVG, scaled by the page.
  r.get('/classes/:id/workshop-qr.svg', requireRole('trainer', 'admin'), async (req, res) => {
    const cls = d.service.taught(currentUser(req), String(req.params.id));
    if (cls.kind !== 'workshop') throw new AppError('unknown-class', 'Atelier introuvable.');
    const svg = await QRCode.toString(origin(req) + workshopPath(cls.joinCode), {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
      color: { dark: '#000000', light: '#ffffff' },
    });
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(svg);
  });

  return r;
}
