import express, { Router, type Request, type Response } from 'express';
import { parse, serialize } from 'cookie';
import { loginCookie, type SessionDeps } from '../auth/session-cookie.js';
import type { CourseRegistry, Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { LtiPlatform, LtiPlatformRepo } from '../store/lti-platform-repo.js';
import { deepLinkingResponse, type DeepLinks } from '../lti/deep-linking.js';
import type { LaunchVerifier } from '../lti/launch-verifier.js';
import { CLAIM, SCOPE, type DeepLinkingLaunch, type ResourceLinkLaunch } from '../lti/lti-claims.js';
import { personOf, type LtiEnrolment } from '../lti/lti-enrolment.js';
import { STATE_TTL_MS, type LtiStates } from '../lti/lti-states.js';
import type { LtiContextRepo } from '../store/lti-context-repo.js';
import { AUTO_SUBMIT_JS, PICKER_CSS, pickerPage, returnPage } from '../lti/picker-page.js';
import { launchTarget } from '../lti/launch-target.js';
import { errorPage } from '../lti/error-page.js';
import type { ToolKeys } from '../lti/tool-keys.js';
import type { RateLimiter } from './rate-limiter.js';
import { originOf } from './sso-routes.js';

export interface LtiRouteDeps extends SessionDeps {
  platforms: LtiPlatformRepo;
  contexts: LtiContextRepo;
  states: LtiStates;
  verifier: LaunchVerifier;
  keys: ToolKeys;
  enrolment: LtiEnrolment;
  deepLinks: DeepLinks;
  registry: CourseRegistry;
  defaultLang: Lang;
  limiter: RateLimiter;
  publicOrigin?: string;
  logger: Logger;
}

const BROWSER_COOKIE = 'atelier_lti';
const COOKIE_PATH = '/api/lti';
const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const langOf = (locale: unknown, fallback: Lang): Lang =>
  typeof locale === 'string'
    ? /^en/i.test(locale)
      ? 'en'
      : /^fr/i.test(locale)
        ? 'fr'
        : fallback
    : fallback;

/** A page for the LMS's frame: its own CSP (its origins may frame it; `formTo` may receive its form). */
function framedHeaders(res: Response, frameFrom: string[], formTo?: string): void {
  res.removeHeader('X-Frame-Options');
  // Under no-referrer a browser sends `Origin: null` with a form post, which the origin guard refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "object-src 'none'",
      `form-action 'self'${formTo ? ` ${formTo}` : ''}`,
      `frame-ancestors 'self' ${frameFrom.join(' ')}`,
    ].join('; '),
  );
}

const originsOf = (platform: LtiPlatform, ...urls: string[]) => [
  ...new Set([platform.issuer, platform.authLoginUrl, ...urls].map((u) => new URL(u).origin)),
];

/**
 * LTI 1.3 (docs/LTI.md, docs/API.md "LTI"): the key set, the OIDC third-party login, the launch, and the
 * deep-linking picker. A failed launch answers a small page naming the reason (the LMS shows it).
 */
export function ltiRoutes(d: LtiRouteDeps): Router {
  const r = Router();

  const fail = (res: Response, err: unknown, lang: Lang = d.defaultLang) => {
    const appErr = err instanceof AppError ? err : new AppError('lti-refused', 'Lancement LTI refusé.');
    const status = appErr.reason === 'lti-unavailable' ? 503 : appErr.reason === 'lti-expired' ? 400 : 401;
    res.status(status).type('html').send(errorPage(lang, appErr.reason));
  };

  r.get('/lti/jwks', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await d.keys.jwks());
  });
  r.get('/lti/static/auto-submit.js', (_req, res) => void res.type('js').send(AUTO_SUBMIT_JS));
  r.get('/lti/static/picker.css', (_req, res) => void res.type('css').send(PICKER_CSS));

  // Third-party initiated login: the platform names itself, we send the browser to its auth endpoint.
  const login = (req: Request, res: Response) => {
    const p = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
    try {
      d.limiter.consume(`ip:${req.ip}`);
      const clientId = str(p.client_id) || undefined;
      const candidates = d.platforms.byIssuer(str(p.iss), clientId);
      const platform = candidates.length === 1 ? candidates[0]! : undefined;
      if (!platform || !str(p.login_hint) || !str(p.target_link_uri))
        throw new AppError('unknown-platform', 'Plateforme LTI inconnue.');
      const { state, nonce, browser } = d.states.add(platform.id);
      const auth = new URL(platform.authLoginUrl);
      const q = {
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: platform.clientId,
        redirect_uri: `${originOf(req, d.publicOrigin)}/api/lti/launch`,
        login_hint: str(p.login_hint),
        state,
        nonce,
        ...(str(p.lti_message_hint) ? { lti_message_hint: str(p.lti_message_hint) } : {}),
      };
      for (const [k, v] of Object.entries(q)) auth.searchParams.set(k, v);
      res.setHeader(
        'Set-Cookie',
        serialize(BROWSER_COOKIE, browser, {
          httpOnly: true,
          // The launch comes back as a cross-site POST: only a SameSite=None (hence Secure) cookie rides it.
          sameSite: d.secure ? 'none' : 'lax',
          secure: d.secure,
          path: COOKIE_PATH,
          maxAge: STATE_TTL_MS / 1000,
        }),
      );
      res.redirect(302, auth.href);
    } catch (err) {
      d.logger.info({ err, iss: str(p.iss).slice(0, 200) }, 'LTI: a login initiation was refused');
      fail(res, err);
    }
  };
  r.get('/lti/login', login);
  r.post('/lti/login', form, login);

  r.post('/lti/launch', form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const browser = parse(req.headers.cookie ?? '')[BROWSER_COOKIE];
    res.append('Set-Cookie', serialize(BROWSER_COOKIE, '', { path: COOKIE_PATH, maxAge: 0, httpOnly: true }));
    try {
      d.limiter.consume(`ip:${req.ip}`);
      // Over https the state must come back with its browser's cookie; over http (a test or a private
      // network) the cookie cannot ride a cross-site POST, and the single-use state alone binds the login.
      const entry = d.states.take(str(body.state), browser);
      if (!entry || (d.secure && !browser))
        throw new AppError('lti-expired', 'Ce lancement a expiré ou a déjà servi : relancez l’activité.');
      if (str(body.error))
        throw new AppError('lti-refused', `La plateforme a refusé : ${str(body.error).slice(0, 80)}`);
      const platform = d.platforms.get(entry.platformId);
      if (!platform) throw new AppError('unknown-platform', 'Plateforme LTI inconnue.');
      const claims = await d.verifier.verify(str(body.id_token), platform, entry.nonce);
      if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest')
        return deepLinkStart(req, res, platform, claims as DeepLinkingLaunch);
      resourceLaunch(req, res, platform, claims as ResourceLinkLaunch);
    } catch (err) {
      d.logger.warn({ err }, 'LTI: a launch was refused');
      fail(res, err);
    }
  });

  const resourceLaunch = (req: Request, res: Response, platform: LtiPlatform, c: ResourceLinkLaunch) => {
    const origin = originOf(req, d.publicOrigin);
    const target = launchTarget(d.registry, c, origin);
    const person = personOf(c);
    const user = d.enrolment.account(platform, person);
    const context = c[CLAIM.context];
    let classId: string | null = null;
    if (context) {
      classId = d.enrolment.classOf(platform, context, user, c[CLAIM.nrps]?.context_memberships_url);
      d.enrolment.enrol(classId, user, person.roles, target.courseId);
    }
    const ags = c[CLAIM.ags];
    if (ags?.lineitem && ags.scope.includes(SCOPE.score) && target.courseId)
      d.contexts.saveGradeLink({
        userId: user.id,
        platformId: platform.id,
        lineitemUrl: ags.lineitem,
        subject: c.sub,
        classId,
        courseId: target.courseId,
        exerciseId: target.exerciseId ?? null,
      });
    res.append('Set-Cookie', loginCookie(req, d, user.id, `lti-${platform.id}`));
    res.redirect(303, target.path);
  };

  const deepLinkStart = (req: Request, res: Response, platform: LtiPlatform, c: DeepLinkingLaunch) => {
    const settings = c[CLAIM.deepLinkingSettings];
    if (!settings.accept_types.includes('ltiResourceLink'))
      throw new AppError('lti-refused', 'La plateforme n’accepte pas de lien de ressource.');
    const id = d.deepLinks.add({
      platformId: platform.id,
      deploymentId: c[CLAIM.deploymentId],
      returnUrl: settings.deep_link_return_url,
      data: settings.data,
      acceptMultiple: settings.accept_multiple ?? false,
      lang: langOf(c.locale, d.defaultLang),
    });
    res.redirect(303, `/api/lti/deep-link/${encodeURIComponent(id)}`);
  };

  r.get('/lti/deep-link/:id', (req, res) => {
    const dl = d.deepLinks.peek(String(req.params.id));
    const platform = dl && d.platforms.get(dl.platformId);
    if (!dl || !platform) return fail(res, new AppError('lti-expired', 'Ce choix a expiré.'));
    framedHeaders(res, originsOf(platform, dl.returnUrl));
    res.type('html').send(pickerPage(dl.lang, req.originalUrl, d.registry.list(dl.lang)));
  });

  r.post('/lti/deep-link/:id', form, async (req, res) => {
    const dl = d.deepLinks.take(String(req.params.id));
    const platform = dl && d.platforms.get(dl.platformId);
    if (!dl || !platform) return fail(res, new AppError('lti-expired', 'Ce choix a expiré.'));
    const [courseId = '', exerciseId] = str((req.body as Record<string, unknown>)?.item).split('/');
    const course = d.registry.list(dl.lang).find((c) => c.id === courseId);
    const exercise =
      exerciseId === undefined ? undefined : course?.exercises.find((e) => e.id === exerciseId);
    if (!course || (exerciseId !== undefined && !exercise))
      return fail(res, new AppError('unknown-course', 'Cours inconnu.'), dl.lang);
    const jwt = await deepLinkingResponse(
      d.keys,
      platform,
      dl,
      [
        {
          courseId,
          exerciseId,
          title: exercise?.title ?? course.title,
          exerciseCount: course.exercises.length,
        },
      ],
      originOf(req, d.publicOrigin),
    );
    framedHeaders(res, originsOf(platform, dl.returnUrl), new URL(dl.returnUrl).origin);
    res.type('html').send(returnPage(dl.lang, dl.returnUrl, jwt));
  });

  return r;
}
