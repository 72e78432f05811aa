import type { Request, RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metrics } from './metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics (Prometheus text format). With a token configured, the request needs
 * `Authorization: Bearer <token>`, from anywhere. Without one, only a direct loopback connection is
 * answered: the peer address is the socket's (never X-Forwarded-For), and a request that went through a
 * proxy (forwarding headers) is refused, so a reverse proxy on the same host does not publish it.
 */
export function metricsRoute(metrics: Metrics, token?: string): RequestHandler {
  return (req, res, next) => {
    if (req.path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const allowed = token ? bearerMatches(req, token) : directLoopback(req);
    if (!allowed) {
      if (token) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(token ? 401 : 403).json({
        error: {
          reason: token ? 'not-authenticated' : 'forbidden',
          message: token ? 'Bearer token required.' : 'Metrics are served on loopback only.',
        },
      });
      return;
    }
    metrics.render().then((text) => {
      res.setHeader('Content-Type', metrics.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(text);
    }, next);
  };
}

function bearerMatches(req: Request, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!m?.[1]) return false;
  // Equal-length digests: the comparison time does not depend on the token's length or content.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}

function directLoopback(req: Request): boolean {
  const forwarded = req.get('x-forwarded-for') ?? req.get('forwarded') ?? req.get('x-real-ip');
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}
