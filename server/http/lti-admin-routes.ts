import { Router, type Request } from 'express';
import { z } from 'zod';
import { isAdmin, requireRole } from '../auth/roles.js';
import { AppError } from '../errors/app-error.js';
import type { LtiGrades } from '../lti/lti-grades.js';
import type { RosterImport } from '../lti/lti-roster.js';
import type { ToolKeys } from '../lti/tool-keys.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { LtiContextRepo } from '../store/lti-context-repo.js';
import type { LtiKeyRepo } from '../store/lti-key-repo.js';
import type { LtiPlatformRepo } from '../store/lti-platform-repo.js';
import type { LtiScoreRepo } from '../store/lti-score-repo.js';
import { KEY_OVERLAP_MS } from '../lti/tool-keys.js';
import { parseBody } from './http-error.js';
import { originOf } from './sso-routes.js';

const url = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => /^https?:\/\//.test(u) && URL.canParse(u), 'invalid');
const platformBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    issuer: url,
    clientId: z.string().trim().min(1).max(255),
    deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1).max(50),
    authLoginUrl: url,
    tokenUrl: url,
    keysetUrl: url,
  })
  .strict();

export interface LtiAdminDeps {
  platforms: LtiPlatformRepo;
  keys: ToolKeys;
  keyRepo: LtiKeyRepo;
  contexts: LtiContextRepo;
  scores: LtiScoreRepo;
  grades: LtiGrades;
  members: ClassMemberRepo;
  importRoster(classId: string): Promise<RosterImport>;
  publicOrigin?: string;
}

const unknownPlatform = () => new AppError('unknown-platform', 'Plateforme LTI inconnue.');
const taken = () =>
  new AppError('platform-taken', 'Cette plateforme (émetteur et identifiant client) est déjà enregistrée.');

/** What an admin pastes into the LMS (docs/LTI.md). */
export function toolValues(origin: string) {
  return {
    toolUrl: `${origin}/api/lti/launch`,
    loginUrl: `${origin}/api/lti/login`,
    redirectUris: [`${origin}/api/lti/launch`],
    keysetUrl: `${origin}/api/lti/jwks`,
    deepLinkingUrl: `${origin}/api/lti/launch`,
  };
}

/**
 * The admin's LTI pages (platforms, our keys) and a class's LTI side for its trainers (its grades sent to the
 * LMS, the roster import). docs/API.md, "LTI".
 */
export function ltiAdminRoutes(d: LtiAdminDeps): Router {
  const r = Router();
  r.use('/admin/lti', requireRole('admin'));

  r.get('/admin/lti/platforms', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ tool: toolValues(originOf(req, d.publicOrigin)), platforms: d.platforms.list() });
  });

  r.post('/admin/lti/platforms', (req, res) => {
    const created = d.platforms.create(parseBody(platformBody, req.body));
    if (!created) throw taken();
    res.status(201).json(created);
  });

  r.patch('/admin/lti/platforms/:id', (req, res) => {
    const id = String(req.params.id);
    const known = d.platforms.get(id);
    if (!known) throw unknownPlatform();
    const { id: _id, createdAt: _at, ...current } = known;
    if (!d.platforms.update(id, { ...current, ...parseBody(platformBody.partial(), req.body) }))
      throw taken();
    res.json(d.platforms.get(id));
  });

  r.delete('/admin/lti/platforms/:id', (req, res) => {
    if (!d.platforms.delete(String(req.params.id))) throw unknownPlatform();
    res.status(204).end();
  });

  r.get('/admin/lti/keys', async (_req, res) => {
    await d.keys.current();
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      d.keyRepo
        .published(Date.now() - KEY_OVERLAP_MS)
        .map((k) => ({ kid: k.kid, createdAt: k.createdAt, retiredAt: k.retiredAt })),
    );
  });

  r.post('/admin/lti/keys/rotate', async (_req, res) => {
    res.status(201).json({ kid: await d.keys.rotate() });
  });

  // A class's trainers (or an admin) see what was sent to the LMS for it.
  const classOf = (req: Request): string => {
    const classId = String(req.params.classId);
    const user = req.user;
    if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
    if (!isAdmin(user) && d.members.roleIn(classId, user.id) !== 'trainer')
      throw new AppError('unknown-class', 'Classe introuvable.');
    return classId;
  };

  r.get('/classes/:classId/lti', (req, res) => {
    const classId = classOf(req);
    const context = d.contexts.byClass(classId);
    const platform = context && d.platforms.get(context.platformId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      linked: !!context,
      platform: platform ? { id: platform.id, name: platform.name } : null,
      contextTitle: context?.title ?? null,
      canImportRoster: !!context?.membershipsUrl,
      scores: d.scores.byClass(classId).map((s) => ({
        id: s.id,
        userId: s.userId,
        learner: s.learner,
        courseId: s.courseId,
        exerciseId: s.exerciseId,
        scoreGiven: s.scoreGiven,
        scoreMaximum: s.scoreMaximum,
        state: s.state,
        attempts: s.attempts,
        lastError: s.lastError,
        createdAt: s.createdAt,
        sentAt: s.sentAt,
      })),
    });
  });

  r.post('/classes/:classId/lti/scores/:scoreId/retry', async (req, res) => {
    const classId = classOf(req);
    const id = Number(req.params.scoreId);
    const score = Number.isSafeInteger(id) ? d.scores.get(id) : undefined;
    if (!score || score.classId !== classId || !d.scores.retryNow(id))
      throw new AppError('unknown-score', 'Note introuvable ou déjà envoyée.');
    await d.grades.flush();
    res.json({ state: d.scores.get(id)?.state });
  });

  r.post('/classes/:classId/lti/roster', async (req, res) => {
    res.json(await d.importRoster(classOf(req)));
  });

  return r;
}
