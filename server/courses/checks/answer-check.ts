import { z } from 'zod';
import { l, localizedSchema, type Localized } from '../localized.js';
import type { CheckKind, Verdict } from './check-kind.js';
import { excerpt, labPath, metaShape } from './check-meta.js';

const text = z.string().trim().min(1);

/** One accepted (or known wrong) answer, with its own feedback. */
const answerOption = z
  .strictObject({
    /** The answer, or several spellings of it. */
    answer: z.union([text, z.array(text).min(1)]),
    /** false: a known wrong answer, given its own explanation in `fail`. Default true. */
    correct: z.boolean().optional(),
    /** Shown when this correct answer is given (instead of the check's `pass`). */
    pass: localizedSchema.optional(),
    /** Shown when this wrong answer is given (instead of the check's `fail`). */
    fail: localizedSchema.optional(),
  })
  .refine((o) => (o.correct === false ? o.pass === undefined : o.fail === undefined), {
    message: 'a correct answer takes `pass`, a wrong one (correct: false) takes `fail`',
  });
export type AnswerOption = z.infer<typeof answerOption>;

const answers = z.union([text, z.array(text).min(1), z.array(answerOption).min(1)]);

export const answerSchema = z
  .strictObject({
    kind: z.literal('answer'),
    /** The file the learner writes the answer to, e.g. /root/reponse.txt. */
    path: labPath,
    answers,
    /** Compare case-sensitively (default: case-insensitive). */
    caseSensitive: z.boolean().optional(),
    ...metaShape,
  })
  .refine((s) => optionsOf(s.answers).some((o) => o.correct !== false), {
    message: 'an answer check needs at least one correct answer',
    path: ['answers'],
  });
export type AnswerCheckSpec = z.infer<typeof answerSchema>;

function optionsOf(given: z.infer<typeof answers>): AnswerOption[] {
  if (typeof given === 'string') return [{ answer: given }];
  return given.map((a) => (typeof a === 'string' ? { answer: a } : a));
}

/** Trimmed, spaces collapsed, Unicode-composed; lower-cased unless asked not to. */
export function normalizeAnswer(raw: string, caseSensitive = false): string {
  const flat = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  return caseSensitive ? flat : flat.toLocaleLowerCase('fr');
}

const fail = (detail: Localized, short?: Localized): Verdict => ({
  passed: false,
  detail,
  ...(short ? { short } : {}),
});

export const answerCheck: CheckKind<AnswerCheckSpec> = {
  kind: 'answer',
  schema: answerSchema,
  plan: (s) => ({ reads: [s.path] }),
  evaluate(s, facts) {
    const p = s.path;
    const buf = facts.read(p);
    if (!buf) return fail(l(`${p} n'existe pas encore.`, `${p} does not exist yet.`));
    const given = normalizeAnswer(buf.toString('utf8'), s.caseSensitive);
    if (!given) return fail(l(`${p} est vide.`, `${p} is empty.`));
    const options = optionsOf(s.answers);
    const hit = options.find((o) =>
      [o.answer].flat().some((a) => normalizeAnswer(a, s.caseSensitive) === given),
    );
    const shown = excerpt(given, 80);
    // Learners see their own answer; authors also see the accepted ones.
    const accepted = options
      .filter((o) => o.correct !== false)
      .flatMap((o) => [o.answer].flat())
      .join(' | ');
    if (hit && hit.correct !== false) {
      return {
        passed: true,
        detail: l(`Bonne réponse dans ${p} : « ${shown} ».`, `Right answer in ${p}: "${shown}".`),
        ...(hit.pass ? { authored: hit.pass } : {}),
      };
    }
    const short = l(
      `La réponse « ${shown} » (${p}) n'est pas la bonne.`,
      `The answer "${shown}" (${p}) is not the right one.`,
    );
    return {
      ...fail(l(`${short.fr} Attendu : ${accepted}.`, `${short.en} Expected: ${accepted}.`), short),
      ...(hit?.fail ? { authored: hit.fail } : {}),
    };
  },
};
