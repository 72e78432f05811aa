// The platform's one error type. Domain code throws it with a machine `reason`; the HTTP layer and the
// socket acks translate it (server/errors/describe-error.ts), and the client words each reason in the
// learner's language (client/src/lib/error-messages.ts). No HTTP status lives here.
import type { SandboxErrorReason } from '../sandbox/sandbox-runtime.js';

/** A malformed or refused request, before any domain rule ran. */
export type RequestReason =
  | 'invalid-request'
  | 'invalid-payload'
  | 'malformed-json'
  | 'body-too-large'
  | 'not-found'
  | 'bad-origin'
  | 'rate-limited';

export type AccountReason =
  | 'not-authenticated'
  | 'forbidden'
  | 'too-many-accounts'
  | 'bad-credentials'
  | 'registration-closed'
  | 'username-taken'
  | 'setup-done'
  | 'bad-setup-token'
  | 'unknown-user'
  | 'cannot-change-self'
  | 'last-admin'
  | 'local-login-off'
  | 'unknown-provider'
  | 'unknown-identity'
  | 'sso-unavailable'
  | 'sso-failed'
  | 'sso-denied'
  | 'sso-expired';

/** LTI 1.3 (server/lti/): a platform unknown or taken, a launch refused or expired, a service unreachable. */
export type LtiReason =
  | 'unknown-platform'
  | 'platform-taken'
  | 'lti-refused'
  | 'lti-expired'
  | 'lti-unavailable'
  | 'lti-no-service'
  | 'unknown-score';

export type CourseReason = 'unknown-course' | 'unknown-asset' | 'unknown-exercise';

/** Course sources (server/courses/sources/): a URL refused, an unknown or busy source. */
export type SourceReason = 'invalid-source' | 'source-exists' | 'unknown-source' | 'source-busy';

export type LabReason =
  | 'unknown-lab'
  | 'host-disk-full'
  | 'host-full'
  | 'host-busy'
  | 'too-many-labs'
  | 'too-many-labs-ip'
  | 'check-running'
  | 'setup-failed'
  | 'catch-up-not-allowed'
  | 'catch-up-failed'
  | 'lab-busy'
  | 'binary-file';

/** A course's lab image is not built yet, or its build failed (server/labs/lab-images.ts). */
export type ImageReason = 'image-building' | 'image-failed';

export type ClassReason =
  | 'unknown-class'
  | 'unknown-learner'
  | 'unknown-code'
  | 'joining-closed'
  | 'class-full'
  | 'unknown-session'
  | 'not-a-trainer'
  | 'last-trainer'
  | 'workshop-not-open'
  | 'workshop-ended'
  | 'workshop-full'
  | 'workshop-too-big'
  | 'pairing-not-allowed'
  | 'unknown-pair-code'
  | 'already-paired'
  | 'not-paired';

export type TerminalReason =
  'too-many-terminals' | 'unknown-terminal' | 'unknown-watch' | 'no-keyboard' | 'unknown-request' | 'no-demo';

export type ErrorReason =
  | RequestReason
  | AccountReason
  | LtiReason
  | CourseReason
  | SourceReason
  | LabReason
  | ImageReason
  | ClassReason
  | TerminalReason
  | SandboxErrorReason
  | 'restarting'
  | 'internal-error';

/** Values the client puts into its own wording of the reason (`{wait}` seconds, `{max}` terminals…). */
export type ErrorParams = Record<string, string | number>;

/** A failure the user may read: a machine reason, a user-safe message (French, the default), parameters. */
export class AppError<R extends ErrorReason = ErrorReason> extends Error {
  constructor(
    readonly reason: R,
    message: string,
    readonly params?: ErrorParams,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}
