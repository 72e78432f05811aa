// The one translation from a thrown value to what a user may read: the HTTP envelope (http/http-error.ts)
// and the socket acks (realtime/socket-ack.ts) both start here.
import { ZodError } from 'zod';
import { SandboxError } from '../sandbox/sandbox-runtime.js';
import { AppError, type ErrorParams, type ErrorReason } from './app-error.js';

export interface ErrorDescription {
  reason: ErrorReason;
  message: string;
  params?: ErrorParams;
  /** true when nothing expected the error: the caller logs it and the user reads a generic message. */
  unexpected: boolean;
}

/** Body-parser failures carry a `type` (express' json middleware). */
const BODY_ERRORS: Record<string, { reason: ErrorReason; message: string }> = {
  'entity.parse.failed': {
    reason: 'malformed-json',
    message: 'Le corps de la requête n’est pas du JSON valide.',
  },
  'entity.too.large': { reason: 'body-too-large', message: 'Requête trop volumineuse.' },
};

export function describeError(err: unknown): ErrorDescription {
  if (err instanceof AppError || err instanceof SandboxError) {
    const params = err instanceof AppError ? err.params : undefined;
    return { reason: err.reason, message: err.message, ...(params ? { params } : {}), unexpected: false };
  }
  if (err instanceof ZodError) return { reason: 'invalid-request', message: err.message, unexpected: false };
  const body = BODY_ERRORS[String((err as { type?: unknown } | null)?.type)];
  if (body) return { ...body, unexpected: false };
  return { reason: 'internal-error', message: 'Erreur interne du serveur.', unexpected: true };
}
