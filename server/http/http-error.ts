import type { ErrorRequestHandler } from 'express';
import { ZodError, type ZodType } from 'zod';
import { fallbackLogger } from '../observability/logger.js';
import { SandboxError } from '../sandbox/sandbox-runtime.js';

/** An error with a machine reason and a user-safe message; the log line may say more. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const res = schema.safeParse(body ?? {});
  if (!res.success) {
    const detail = res.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HttpError(400, 'invalid-request', detail);
  }
  return res.data;
}

const SANDBOX_STATUS: Record<string, number> = {
  'lab-not-running': 409,
  'image-not-allowed': 500,
  'docker-unavailable': 503,
  timeout: 504,
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let status = 500;
  let reason = 'internal-error';
  let message = 'Erreur interne du serveur.';
  if (err instanceof HttpError) ({ status, reason, message } = err);
  else if (err instanceof SandboxError) {
    status = SANDBOX_STATUS[err.reason] ?? 500;
    reason = err.reason;
    message = err.message;
  } else if (err instanceof ZodError) {
    status = 400;
    reason = 'invalid-request';
    message = err.message;
  } else if ((err as { type?: string }).type === 'entity.parse.failed') {
    status = 400;
    reason = 'malformed-json';
    message = 'Le corps de la requête n’est pas du JSON valide.';
  } else if ((err as { type?: string }).type === 'entity.too.large') {
    status = 413;
    reason = 'body-too-large';
    message = 'Requête trop volumineuse.';
  }
  if (status >= 500)
    (req.log ?? fallbackLogger).error({ err, method: req.method, path: req.path, status, reason }, 'error');
  res.status(status).json({ error: { reason, message } });
};
