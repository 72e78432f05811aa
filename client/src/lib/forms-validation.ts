// Per-field checks of the account, join and class forms, with the server's own limits
// (server/auth/credential-limits.ts): the browser refuses before sending what the server would refuse,
// and a refusal the server sends anyway (`invalid-request` with the field's problem, or a reason that is
// about one field such as `username-taken`) lands under the same field.
import {
  CLASS_NAME,
  DISPLAY_NAME,
  FIELD_PROBLEMS,
  JOIN_CODE,
  PASSWORD,
  shapeOf,
  USERNAME,
  type FieldLimits,
  type FieldProblem,
} from '../../../server/auth/credential-limits.js';
import { errorText } from './api.js';
import { t } from './i18n.js';

export type { FieldProblem };

/** The forms' fields, by the name the API gives them. */
export const FIELDS = {
  username: USERNAME,
  password: PASSWORD,
  displayName: DISPLAY_NAME,
  code: JOIN_CODE,
  name: CLASS_NAME,
} satisfies Record<string, FieldLimits>;
export type FieldName = keyof typeof FIELDS;

/** A field's bounds, as placeholders of a hint (`{min} à {max} caractères`). */
export const bounds = (field: FieldName): { min: number; max: number } => ({
  min: FIELDS[field].min,
  max: FIELDS[field].max,
});

/** The value as the server reads it: names trimmed, inner spaces of a display name collapsed. */
export function normalized(field: FieldName, raw: string): string {
  if (field === 'password') return raw;
  const trimmed = raw.normalize('NFC').trim();
  return field === 'displayName' ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** What is wrong with a field's value, or undefined; an empty optional field is fine. */
export function checkField(field: FieldName, raw: string, required = true): FieldProblem | undefined {
  const value = normalized(field, raw);
  if (!value) return required ? 'required' : undefined;
  const limits: FieldLimits = FIELDS[field];
  const length = [...value].length; // characters, as the server counts them
  if (length < limits.min) return 'too-short';
  if (length > limits.max) return 'too-long';
  if (limits.pattern && !shapeOf(limits).test(value)) return 'format';
  return undefined;
}

/** Checks the named fields of a form; `optional` ones may stay empty. Only refused fields are listed. */
export function checkFields(
  values: Partial<Record<FieldName, string>>,
  optional: readonly FieldName[] = [],
): Partial<Record<FieldName, FieldProblem>> {
  const problems: Partial<Record<FieldName, FieldProblem>> = {};
  for (const [field, raw] of Object.entries(values) as [FieldName, string][]) {
    const problem = checkField(field, raw, !optional.includes(field));
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** A field's problem in the reader's language, with the field's own limits. */
export function problemText(field: string, problem: FieldProblem): string {
  const limits = (FIELDS as Record<string, FieldLimits | undefined>)[field];
  switch (problem) {
    case 'required':
      return t('forms.required');
    case 'too-short':
      return limits ? t('forms.tooShort', { min: limits.min }) : t('forms.invalid');
    case 'too-long':
      return limits ? t('forms.tooLong', { max: limits.max }) : t('forms.invalid');
    case 'format':
      if (field === 'username') return t('forms.format.username');
      if (field === 'displayName') return t('forms.format.displayName');
      return t('forms.invalid');
    default:
      return field === 'endsOn' ? t('forms.datesOrder') : t('forms.invalid');
  }
}

/** Refusals that are about one field: they show under it instead of above the button. */
const FIELD_OF_REASON: Record<string, string> = {
  'username-taken': 'username',
  'unknown-code': 'code',
  'joining-closed': 'code',
  'class-full': 'code',
};

/**
 * A failure split into texts under the form's `shown` fields (by name) and a text for the whole form
 * ('' when every problem has its field).
 */
export function failureTexts(
  err: unknown,
  shown: readonly string[],
): { fields: Record<string, string>; form: string } {
  const failure = err as { reason?: unknown; params?: Record<string, unknown> } | null;
  const reason = typeof failure?.reason === 'string' ? failure.reason : '';
  const field = FIELD_OF_REASON[reason];
  if (field && shown.includes(field)) return { fields: { [field]: errorText(err) }, form: '' };
  const problems = Object.entries(reason === 'invalid-request' ? (failure?.params ?? {}) : {}).filter(
    (e): e is [string, FieldProblem] => (FIELD_PROBLEMS as readonly unknown[]).includes(e[1]),
  );
  const placed = problems.filter(([name]) => shown.includes(name));
  return {
    fields: Object.fromEntries(placed.map(([name, problem]) => [name, problemText(name, problem)])),
    form: placed.length && placed.length === problems.length ? '' : errorText(err),
  };
}
