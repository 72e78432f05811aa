import type { ErrorRequestHandler } from 'express';
import type { ZodType } from 'zod';
import type { FieldProblem } from '../auth/credential-limits.js';
import { AppError, type ErrorReason } from '../errors/app-error.js';
import { describeError } from '../errors/describe-error.js';
import { fallbackLogger } from '../observability/logger.js';

/**
 * The body as the schema makes it, or `invalid-request` with each refused field's problem as a param
 * (`{ username: 'too-long' }`: the client words it under that field); the message lists them for logs.
 */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const res = schema.safeParse(body ?? {});
  if (!res.success) {
    const detail = res.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new AppError('invalid-request', detail, fieldProblems(res.error.issues, body));
  }
  return res.data;
}

type Issue = { code: string; path: PropertyKey[] };

const isBlank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && !v.length);

/** The first problem of each top-level field (issues about the body as a whole name no field). */
export function fieldProblems(issues: readonly Issue[], body: unknown): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || field in problems) continue;
    const value = (body as Record<string, unknown> | null | undefined)?.[field];
    problems[field] = isBlank(value) ? 'required' : (PROBLEM_OF[issue.code] ?? 'invalid');
  }
  return problems;
}

const PROBLEM_OF: Record<string, FieldProblem> = {
  too_small: 'too-short',
  too_big: 'too-long',
  invalid_format: 'format',
};

/** Every reason has its status: a new reason that is not listed here does not compile. */
const STATUS: Record<ErrorReason, number> = {
  'invalid-request': 400,
  'invalid-payload': 400,
  'malformed-json': 400,
  'body-too-large': 413,
  'not-found': 404,
  'bad-origin': 403,
  'rate-limited': 429,
  'not-authenticated': 401,
  forbidden: 403,
  'too-many-accounts': 429,
  'bad-credentials': 401,
  'registration-closed': 403,
  'username-taken': 409,
  'setup-done': 410,
  'bad-setup-token': 403,
  'unknown-user': 404,
  'cannot-change-self': 409,
  'last-admin': 409,
  'local-login-off': 403,
  'unknown-provider': 404,
  'unknown-identity': 404,
  'sso-unavailable': 503,
  'sso-failed': 401,
  'sso-denied': 401,
  'sso-expired': 400,
  'unknown-platform': 404,
  'platform-taken': 409,
  'lti-refused': 401,
  'lti-expired': 400,
  'lti-unavailable': 503,
  'lti-no-service': 409,
  'unknown-score': 404,
  'unknown-course': 404,
  'unknown-asset': 404,
  'unknown-exercise': 404,
  'invalid-source': 400,
  'source-exists': 409,
  'unknown-source': 404,
  'source-busy': 409,
  'unknown-lab': 404,
  'host-disk-full': 503,
  'host-full': 503,
  'host-busy': 503,
  'setup-failed': 500,
  restarting: 503,
  'too-many-labs': 429,
  'too-many-labs-ip': 429,
  'check-running': 409,
  'image-building': 503,
  'image-failed': 503,
  'unknown-class': 404,
  'unknown-learner': 404,
  'unknown-code': 404,
  'joining-closed': 403,
  'class-full': 409,
  'too-many-terminals': 429,
  'unknown-terminal': 404,
  'unknown-watch': 404,
  'lab-not-running': 409,
  'lab-exists': 500,
  'image-not-allowed': 500,
  'docker-unavailable': 503,
  timeout: 504,
  'sandbox-error': 500,
  'unknown-machine': 404,
  'no-subnet': 503,
  'unknown-engine': 404,
  'engine-down': 503,
  'no-engine': 503,
  'port-closed': 502,
  'unknown-checkpoint': 404,
  'no-such-file': 404,
  'no-such-directory': 404,
  'is-a-directory': 400,
  'not-a-directory': 400,
  'not-a-regular-file': 400,
  'file-too-big': 413,
  'file-changed': 409,
  'file-exists': 409,
  'file-write-failed': 422,
  'binary-file': 415,
  'lab-too-old': 409,
  'catch-up-not-allowed': 403,
  'catch-up-failed': 500,
  'lab-busy': 409,
  'unknown-session': 404,
  'not-a-trainer': 400,
  'last-trainer': 409,
  'workshop-not-open': 403,
  'workshop-ended': 403,
  'workshop-full': 409,
  'workshop-too-big': 400,
  'pairing-not-allowed': 403,
  'unknown-pair-code': 404,
  'already-paired': 409,
  'not-paired': 404,
  'no-keyboard': 403,
  'unknown-request': 404,
  'no-demo': 404,
  'internal-error': 500,
};

export const statusOf = (reason: ErrorReason): number => STATUS[reason];

/** The error envelope `{ error: { reason, message, params? } }`; server faults are logged, not shown. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const { unexpected: _unexpected, ...body } = describeError(err);
  const status = STATUS[body.reason];
  // Unexpected errors are internal-error (500): every server fault is logged, with its stack.
  if (status >= 500)
    (req.log ?? fallbackLogger).error(
      { err, method: req.method, path: req.path, status, reason: body.reason },
      'error',
    );
  res.status(status).json({ error: body });
};
