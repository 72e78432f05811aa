// The data front-end of a course: `course.yaml` or `course.json` read into the same shape `defineCourse`
// builds, for the same zod schema (define-course.ts) to validate. A manifest is data only: nothing in it
// runs on the host. The one value YAML and JSON cannot write, a RegExp (command output, cron command,
// data values), is written `{ $regex: "…", flags: "i" }`.
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import type { LoadError } from './course-registry.js';

export const MANIFEST_FILES = ['course.yaml', 'course.json'] as const;
export type ManifestFile = (typeof MANIFEST_FILES)[number];
/** The front-ends a course folder may hold, the module first; never more than one. */
export const COURSE_FILES = ['course.ts', ...MANIFEST_FILES] as const;

/** Most bytes of a manifest (lessons and scripts are files of their own). */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
const FLAGS = /^[imsu]*$/;
/** Most characters of a manifest's regular expression. */
export const MAX_REGEX = 512;
/**
 * A quantified group that itself holds a quantifier (`(a+)+`, `(\w*x)*`, `(a|b+){2,}`): the shape of
 * catastrophic backtracking. The platform tests these expressions on lab output, so a manifest (a source's
 * data) may not bring one.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

export interface ReadManifest {
  /** The course definition to validate (RegExps made), when the file parsed. */
  value?: unknown;
  errors: LoadError[];
  /** The line (1-based) of the value at a zod issue path, when the file says it. */
  lineOf(issuePath: readonly PropertyKey[]): number | undefined;
}

/** Reads and parses a manifest. Never throws: problems come back as errors naming the file (and line). */
export function readManifest(file: string, shown: string): ReadManifest {
  const none = { lineOf: () => undefined };
  let text: string;
  try {
    const data = readFileSync(file);
    if (data.length > MAX_MANIFEST_BYTES)
      return { ...none, errors: [{ file: shown, message: `more than ${MAX_MANIFEST_BYTES} bytes` }] };
    text = data.toString('utf8');
  } catch (err) {
    return { ...none, errors: [{ file: shown, message: `cannot read: ${(err as Error).message}` }] };
  }
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text); // strict JSON first: the YAML parser below would accept more
    } catch (err) {
      return { ...none, errors: [{ file: shown, message: `not JSON: ${(err as Error).message}` }] };
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length)
    return {
      ...none,
      errors: doc.errors.slice(0, 20).map((e) => ({
        file: shown,
        message: `${e.message.split('\n')[0]} (line ${lines.linePos(e.pos[0]).line})`,
      })),
    };
  const lineOf = (issuePath: readonly PropertyKey[]) => nodeLine(doc, lines, issuePath);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { lineOf, errors: [{ file: shown, message: (err as Error).message }] };
  }
  const errors: LoadError[] = [];
  const value = withRegExps(raw, [], (at, message) => {
    const line = lineOf(at);
    errors.push({ file: shown, field: fieldPath(at), message: line ? `${message} (line ${line})` : message });
  });
  return errors.length ? { lineOf, errors } : { value, errors, lineOf };
}

/** `{ $regex, flags? }` objects turned into RegExps, everywhere in the value. */
function withRegExps(
  v: unknown,
  at: (string | number)[],
  fail: (at: (string | number)[], message: string) => void,
): unknown {
  if (Array.isArray(v)) return v.map((x, i) => withRegExps(x, [...at, i], fail));
  if (!v || typeof v !== 'object') return v;
  const obj = v as Record<string, unknown>;
  if ('$regex' in obj) {
    const keys = Object.keys(obj).filter((k) => k !== '$regex' && k !== 'flags');
    const flags = obj.flags ?? '';
    if (keys.length || typeof obj.$regex !== 'string' || typeof flags !== 'string' || !FLAGS.test(flags)) {
      fail(at, 'a regular expression is { $regex: "<pattern>", flags: "<i, m, s or u>" } and nothing else');
      return v;
    }
    if (obj.$regex.length > MAX_REGEX || NESTED_QUANTIFIER.test(obj.$regex)) {
      fail(
        at,
        `a regular expression of at most ${MAX_REGEX} characters, without a repeated group that repeats inside ((a+)+): it would run for ever on some outputs`,
      );
      return v;
    }
    try {
      return new RegExp(obj.$regex, flags);
    } catch (err) {
      fail(at, `invalid regular expression: ${(err as Error).message}`);
      return v;
    }
  }
  return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, withRegExps(x, [...at, k], fail)]));
}

function nodeLine(doc: Document, lines: LineCounter, issuePath: readonly PropertyKey[]): number | undefined {
  // The deepest node the path reaches (a missing field: the object that lacks it).
  for (let n = issuePath.length; n >= 0; n--) {
    const node = doc.getIn(issuePath.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

const fieldPath = (at: readonly (string | number)[]) =>
  at.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');

/** RegExps written back as `{ $regex, flags }`, undefined fields dropped: the manifest form of a value. */
export function manifestValue(v: unknown): unknown {
  if (v instanceof RegExp) return v.flags ? { $regex: v.source, flags: v.flags } : { $regex: v.source };
  if (Array.isArray(v)) return v.map(manifestValue);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [k, manifestValue(x)]),
  );
}

/** A course definition as the text of `course.yaml` (with a comment header) or `course.json`. */
export function writeManifest(def: unknown, format: 'yaml' | 'json', header?: string): string {
  const value = manifestValue(def);
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  const comment = header
    ? `${header
        .split('\n')
        .map((l) => `# ${l}`.trimEnd())
        .join('\n')}\n`
    : '';
  return comment + stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
