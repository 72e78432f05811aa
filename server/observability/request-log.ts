import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Per-request id (also sent back as X-Request-Id). */
      id?: string;
      /** A child logger carrying the request id. */
      log?: Logger;
    }
  }
}

/** An id a reverse proxy may pass in (nginx `$request_id`); anything else is replaced. */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;
const LAB_IN_PATH = /^\/api\/labs\/([a-z0-9]{1,64})(?:\/|$)/;

/**
 * Gives every request an id and a child logger, and writes one line when the answer is sent:
 * method, path (never the query string), status, duration, user and lab ids, and the error reason.
 * Error answers (`{error:{reason}}`) are also counted in `atelier_errors_total`.
 */
export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);

    let reason: string | undefined;
    let createdLab: string | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      reason = errorReason(body);
      if (req.method === 'POST' && req.path === '/api/labs') createdLab = idOf(body);
      return json(body);
    };

    res.on('finish', () => {
      const status = res.statusCode;
      if (reason) metrics.errors.inc({ reason, source: 'http' });
      const line = {
        method: req.method,
        path: req.path,
        status,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        userId: req.user?.id,
        labId: LAB_IN_PATH.exec(req.path)?.[1] ?? createdLab,
        reason,
      };
      const quiet = req.path === '/api/health' || !/^\/(api|metrics)(\/|$)/.test(req.path);
      if (status >= 500) req.log?.error(line, 'request failed');
      else if (quiet) req.log?.debug(line, 'request');
      else req.log?.info(line, 'request');
    });
    next();
  };
}

function errorReason(body: unknown): string | undefined {
  const err = (body as { error?: { reason?: unknown } } | null)?.error;
  return typeof err?.reason === 'string' ? err.reason : undefined;
}

function idOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
