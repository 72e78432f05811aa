// The one source of the limits every account and class form obeys. The server's schemas
// (credential-schemas.ts, display-name.ts, the class and join routes) and the browser's form fields
// (client/src/lib/forms-validation.ts: minlength, maxlength, pattern) both read them, so the browser
// refuses what the server would refuse, with the same numbers. Plain values only: the client bundles this.

/** A field's length bounds (in characters) and, when it has one, the shape of its value. */
export interface FieldLimits {
  min: number;
  max: number;
  /**
   * The whole value, as a regular expression without anchors: the server matches it with the `u` flag
   * (`shapeOf`), the browser as the input's `pattern` attribute (the `v` flag), so it is valid with both.
   */
  pattern?: string;
}

export const USERNAME: FieldLimits = { min: 2, max: 32, pattern: String.raw`[\p{L}\p{N}._\-]+` };
export const PASSWORD: FieldLimits = { min: 10, max: 256 };
/** A learner's name when joining: starts with a letter or digit; spaces, `.`, `'`, `’`, `_`, `-` inside. */
export const DISPLAY_NAME: FieldLimits = {
  min: 2,
  max: 40,
  pattern: String.raw`[\p{L}\p{N}][\p{L}\p{N} .'’_\-]*`,
};
export const JOIN_CODE: FieldLimits = { min: 4, max: 32 };
export const CLASS_NAME: FieldLimits = { min: 2, max: 80 };

/** Whether a whole value has the field's shape (its length is checked apart). */
export const shapeOf = (f: FieldLimits): RegExp => new RegExp(`^(?:${f.pattern ?? '.*'})$`, 'u');

/** Logins, length and shape at once: what registration, setup, admin creation and the admin CLI accept. */
export const USERNAME_PATTERN = new RegExp(
  `^(?=.{${USERNAME.min},${USERNAME.max}}$)(?:${USERNAME.pattern})$`,
  'u',
);

/**
 * Why a field was refused, the same words on both sides: the server sends them per field with
 * `invalid-request` (server/http/http-error.ts), the browser finds them before sending, and the client
 * words them (client/src/lib/messages-forms.ts).
 */
export const FIELD_PROBLEMS = ['required', 'too-short', 'too-long', 'format', 'invalid'] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];
