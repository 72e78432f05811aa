// The learner's site through the platform: /preview/<token>/<machine>/<port>/<path> (or, with
// ATELIER_PREVIEW_ORIGIN, <token>-<machine>-<port>.<preview domain>/<path>) is carried to that port of the
// lab's machine. The page must never act as the platform: no platform cookie or credential goes to the
// lab, nothing the lab answers may set state on the platform's origin, and in path mode every response is
// sandboxed to an opaque origin (docs/SECURITY.md, "Preview").
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describeError } from '../errors/describe-error.js';
import type { LabPreview, PreviewTarget } from '../labs/lab-preview.js';
import { statusOf } from './http-error.js';

export const PREVIEW_PREFIX = '/preview';
/** The sandbox every path-mode preview response carries: scripts and forms run, with an opaque origin. */
export const PREVIEW_CSP = 'sandbox allow-scripts allow-forms allow-popups';
const UPSTREAM_BUDGET_MS = 30_000;

/** Hop-by-hop headers (RFC 9110 §7.6.1) and what must not cross from one side to the other. */
const HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const NOT_TO_LAB = new Set([...HOP, 'cookie', 'authorization', 'proxy-authorization', 'referer', 'origin']);
/** Headers that would act on the platform's origin (or its other tabs) if a lab could send them. */
const NOT_FROM_LAB = new Set([
  ...HOP,
  'set-cookie',
  'strict-transport-security',
  'clear-site-data',
  'alt-svc',
  'public-key-pins',
  'public-key-pins-report-only',
  'service-worker-allowed',
  'x-frame-options',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'refresh',
]);

export interface PreviewUrls {
  /** Where a lab's preview of machine:port starts (path begins with /). */
  urlOf(token: string, machine: string, port: number, path: string): string;
}

/** ATELIER_PREVIEW_ORIGIN `https://*.preview.example.org` → its scheme, host suffix and port. */
function parseOrigin(origin: string) {
  const m = /^(https?):\/\/\*\.([a-z0-9.-]+)(:\d+)?$/.exec(origin);
  if (!m) throw new Error(`bad preview origin ${origin}`);
  return { scheme: m[1] as string, suffix: m[2] as string, port: m[3] ?? '' };
}

export function previewUrls(previewOrigin: string | undefined): PreviewUrls {
  if (!previewOrigin) return { urlOf: (t, m, p, path) => `${PREVIEW_PREFIX}/${t}/${m}/${p}${path}` };
  const o = parseOrigin(previewOrigin);
  return { urlOf: (t, m, p, path) => `${o.scheme}://${t}-${m}-${p}.${o.suffix}${o.port}${path}` };
}

interface Route {
  token: string;
  machine: string;
  port: number;
  /** Path and query on the machine. */
  path: string;
  /** How the browser reaches this machine's root ('' on a preview origin). */
  base: string;
  opaque: boolean;
}

const PATH_ROUTE = /^\/preview\/([^/]+)\/([^/]+)\/([0-9]{1,5})(\/.*)?$/;
const HOST_LABEL = /^([a-z2-7]{32})-([a-z][a-z0-9-]{0,19})-([0-9]{1,5})$/;

function routeOf(req: Request, hostSuffix: string | undefined): Route | undefined {
  if (hostSuffix) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (host.endsWith(`.${hostSuffix}`)) {
      const m = HOST_LABEL.exec(host.slice(0, -hostSuffix.length - 1));
      if (!m) return { token: '', machine: '', port: 0, path: '/', base: '', opaque: false };
      return { token: m[1]!, machine: m[2]!, port: Number(m[3]), path: req.url, base: '', opaque: false };
    }
  }
  const m = PATH_ROUTE.exec(req.url);
  if (!m) return undefined;
  const [, token, machine, port, rest] = m as unknown as [string, string, string, string, string?];
  const base = `${PREVIEW_PREFIX}/${token}/${machine}/${port}`;
  return { token, machine, port: Number(port), path: rest ?? '/', base, opaque: true };
}

/** Headers the sender's `Connection` names are hop-by-hop too. */
function connectionNamed(headers: IncomingHttpHeaders): Set<string> {
  return new Set(
    String(headers.connection ?? '')
      .toLowerCase()
      .split(/\s*,\s*/),
  );
}

function toLab(headers: IncomingHttpHeaders, target: PreviewTarget): OutgoingHttpHeaders {
  const named = connectionNamed(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || NOT_TO_LAB.has(k) || named.has(k) || k.startsWith('x-forwarded-')) continue;
    out[k] = v;
  }
  out.host = target.port === 80 ? target.machine : `${target.machine}:${target.port}`;
  out.connection = 'close';
  return out;
}

/** A redirect to the machine itself stays in the preview; elsewhere (another site) it is left alone. */
function rewriteLocation(location: string, route: Route): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${route.base}${location}`;
  const own = new RegExp(`^https?://${route.machine}(:${route.port})?(/|$)`, 'i');
  return own.test(location) ? `${route.base}/${location.replace(own, '')}` : location;
}

function fromLab(headers: IncomingHttpHeaders, route: Route): OutgoingHttpHeaders {
  const named = connectionNamed(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || named.has(k)) continue;
    if (k === 'set-cookie' && !route.opaque) {
      // On its own origin a page keeps its cookies, host-only: one learner's cannot reach another's.
      out[k] = (Array.isArray(v) ? v : [v]).map((c) => c.replace(/;\s*domain=[^;]*/gi, ''));
      continue;
    }
    if (NOT_FROM_LAB.has(k)) continue;
    out[k] = k === 'location' ? rewriteLocation(String(v), route) : v;
  }
  const csp = out['content-security-policy'];
  const labCsp = csp === undefined ? [] : Array.isArray(csp) ? csp.map(String) : [String(csp)];
  if (route.opaque) (out as Record<string, string[]>)['content-security-policy'] = [PREVIEW_CSP, ...labCsp];
  out['referrer-policy'] = 'no-referrer';
  out['x-content-type-options'] = 'nosniff';
  return out;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A short page in both languages: the preview's own errors are shown in the Browser tab. */
function errorPage(res: Response, status: number, fr: string, en: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${PREVIEW_CSP}; default-src 'none'; style-src 'unsafe-inline'`,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    .send(
      `<!doctype html><meta charset="utf-8"><title>Atelier</title>` +
        `<body style="font-family:sans-serif;margin:2rem;color:#222">` +
        `<p lang="fr"><strong>${escapeHtml(fr)}</strong></p><p lang="en">${escapeHtml(en)}</p></body>`,
    );
}

/** The preview handler: mount it before the platform's own headers and body parsers. */
export function previewProxy(preview: LabPreview, previewOrigin: string | undefined): RequestHandler {
  const hostSuffix = previewOrigin ? parseOrigin(previewOrigin).suffix : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const route = routeOf(req, hostSuffix);
    if (!route) return next();
    void proxy(preview, route, req, res);
  };
}

async function proxy(preview: LabPreview, route: Route, req: Request, res: Response): Promise<void> {
  const where = `${route.machine}:${route.port}`;
  let target: PreviewTarget;
  try {
    target = preview.resolve(route.token, route.machine, route.port);
  } catch {
    return errorPage(res, 404, 'Aperçu introuvable.', 'Preview not found.');
  }
  let conn;
  try {
    conn = await preview.connect(target);
  } catch (err) {
    const { reason } = describeError(err);
    if (reason === 'lab-not-running')
      return errorPage(res, 409, 'Le lab est arrêté : démarrez-le.', 'The lab is stopped: start it.');
    if (reason === 'port-closed' || reason === 'timeout')
      return errorPage(res, 502, `Rien n’écoute sur ${where}.`, `Nothing listens on ${where}.`);
    return errorPage(res, statusOf(reason), 'Aperçu indisponible.', 'Preview unavailable.');
  }
  const upstream = http.request({
    method: req.method,
    path: route.path,
    headers: toLab(req.headers, target),
    createConnection: () => conn as never,
    timeout: UPSTREAM_BUDGET_MS,
  });
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, fromLab(answer.headers, route));
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
  upstream.on('error', () =>
    errorPage(res, 502, `${where} n’a pas répondu en HTTP.`, `${where} gave no HTTP answer.`),
  );
  res.on('close', () => {
    upstream.destroy();
    conn.destroy();
  });
  req.pipe(upstream);
}
