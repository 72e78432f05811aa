import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Verdict } from './check-kind.js';
import { labPath, metaShape } from './check-meta.js';
import { DATA_PATH, show, valueAt } from './data-path.js';

const values = z.record(
  z.string().regex(DATA_PATH, 'a value path is dotted, e.g. "server.port" or "users[0].name"'),
  z.unknown(),
);

function dataSchema<K extends 'json' | 'yaml'>(kind: K) {
  return z.strictObject({
    kind: z.literal(kind),
    path: labPath,
    /** Dotted path → expected value (deep equality) or RegExp (tested on the value's text). */
    values: values.optional(),
    ...metaShape,
  });
}

export const jsonSchema = dataSchema('json');
export const yamlSchema = dataSchema('yaml');
export type JsonCheckSpec = z.infer<typeof jsonSchema>;
export type YamlCheckSpec = z.infer<typeof yamlSchema>;
type DataSpec = JsonCheckSpec | YamlCheckSpec;

type Parsed = { ok: true; data: unknown } | { ok: false; where?: string; why: string };

/** JSON.parse gives a position: turned into line and column for learners. */
function parseJson(text: string): Parsed {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const at = /at position ([0-9]+)/.exec(why);
    if (!at) return { ok: false, why: why.replace(/\.$/, '') };
    const before = text.slice(0, Number(at[1])).split('\n');
    const where = `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
    return { ok: false, where, why: why.replace(/ in JSON at position [0-9]+.*$/, '') };
  }
}

/** YAML (1.2 core schema); values are read from the first document. */
function parseYaml(text: string): Parsed {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const err = list.flatMap((d) => d.errors)[0];
  if (err) {
    const pos = err.linePos?.[0];
    const why = (err.message.split('\n')[0] ?? '').replace(/ at line [0-9]+, column [0-9]+:?$/, '');
    return { ok: false, ...(pos ? { where: `${pos.line}:${pos.col}` } : {}), why };
  }
  return { ok: true, data: list[0]?.toJS() ?? null };
}

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

function matches(value: unknown, want: unknown): boolean {
  if (!(want instanceof RegExp)) return isDeepStrictEqual(value, want);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text !== undefined && new RegExp(want.source, want.flags.replace('g', '')).test(text);
}

function dataCheck<S extends DataSpec>(kind: S['kind'], schema: z.ZodType<S>): CheckKind<S> {
  const name = kind === 'json' ? 'JSON' : 'YAML';
  return {
    kind,
    schema,
    plan: (s) => ({ reads: [s.path] }),
    evaluate(s, facts) {
      const p = s.path;
      const buf = facts.read(p);
      if (!buf) return fail(`${p} n'existe pas.`, `${p} does not exist.`);
      const parsed = kind === 'json' ? parseJson(buf.toString('utf8')) : parseYaml(buf.toString('utf8'));
      if (!parsed.ok) {
        const [line, col] = parsed.where?.split(':') ?? [];
        const at: Localized = parsed.where
          ? l(` (ligne ${line}, colonne ${col})`, ` (line ${line}, column ${col})`)
          : l('', '');
        return fail(
          `${p} n'est pas du ${name} valide${at.fr} : ${parsed.why}.`,
          `${p} is not valid ${name}${at.en}: ${parsed.why}.`,
        );
      }
      for (const [path, want] of Object.entries(s.values ?? {})) {
        const found = valueAt(parsed.data, path);
        if ('missing' in found) {
          return fail(`${p} n'a pas de valeur ${found.missing}.`, `${p} has no value at ${found.missing}.`);
        }
        if (!matches(found.value, want)) {
          const exp =
            want instanceof RegExp ? l(`conforme à ${want}`, `matching ${want}`) : l(show(want), show(want));
          return fail(
            `Dans ${p}, ${path} vaut ${show(found.value)} (attendu : ${exp.fr}).`,
            `In ${p}, ${path} is ${show(found.value)} (expected ${exp.en}).`,
          );
        }
      }
      const n = Object.keys(s.values ?? {}).length;
      return {
        passed: true,
        detail: n
          ? l(
              `${p} est du ${name} valide, avec les valeurs attendues.`,
              `${p} is valid ${name}, with the expected values.`,
            )
          : l(`${p} est du ${name} valide.`, `${p} is valid ${name}.`),
      };
    },
  };
}

export const jsonCheck = dataCheck<JsonCheckSpec>('json', jsonSchema);
export const yamlCheck = dataCheck<YamlCheckSpec>('yaml', yamlSchema);
