import { z } from 'zod';
import { l } from '../localized.js';
import type { CheckKind, Probe } from './check-kind.js';
import { accountName, excerpt, metaShape } from './check-meta.js';

export const commandSchema = z.strictObject({
  kind: z.literal('command'),
  /**
   * Shell command run with /bin/bash inside the lab (stdout and stderr are captured together). It runs
   * the lab's own programs, which a root learner can replace: prefer a declarative check where one fits.
   */
  command: z.string().min(1).max(4000),
  /** Expected exit code (default 0). */
  exitCode: z.number().int().min(0).max(255).optional(),
  /** The output must contain this text / match this expression. */
  output: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
  /** The output must NOT contain / match this. */
  notOutput: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
  user: accountName.optional(),
  timeoutS: z.number().positive().max(20).optional(),
  ...metaShape,
});
export type CommandCheckSpec = z.infer<typeof commandSchema>;

const probeOf = (s: CommandCheckSpec): Probe => ({
  key: `command ${s.user ?? 'root'} ${s.timeoutS ?? 3} ${s.command}`,
  script: s.command,
  site: 'lab',
  timeoutS: s.timeoutS ?? 3,
  user: s.user,
});

const hit = (text: string, want: string | RegExp): boolean =>
  typeof want === 'string'
    ? text.includes(want)
    : new RegExp(want.source, want.flags.replace('g', '')).test(text);

export const commandCheck: CheckKind<CommandCheckSpec> = {
  kind: 'command',
  schema: commandSchema,
  plan: (s) => ({ probes: [probeOf(s)] }),
  evaluate(s, facts) {
    const r = facts.probe(probeOf(s).key);
    const c = s.command;
    if (!r)
      return { passed: false, detail: l(`« ${c} » n'a pas pu être exécutée.`, `"${c}" could not be run.`) };
    const want = s.exitCode ?? 0;
    const extra = excerpt(r.output, 400);
    if (r.exitCode === 124) {
      return { passed: false, detail: l(`« ${c} » a dépassé le temps imparti.`, `"${c}" timed out.`) };
    }
    if (r.exitCode !== want) {
      return {
        passed: false,
        detail: l(
          `« ${c} » se termine avec le code ${r.exitCode} (attendu : ${want}).`,
          `"${c}" exits with code ${r.exitCode} (expected ${want}).`,
        ),
        extra,
      };
    }
    if (s.output !== undefined && !hit(r.output, s.output)) {
      return {
        passed: false,
        detail: l(
          `La sortie de « ${c} » n'est pas celle attendue.`,
          `The output of "${c}" is not the expected one.`,
        ),
        extra,
      };
    }
    if (s.notOutput !== undefined && hit(r.output, s.notOutput)) {
      return {
        passed: false,
        detail: l(
          `La sortie de « ${c} » contient encore une erreur.`,
          `The output of "${c}" still shows a problem.`,
        ),
        extra,
      };
    }
    return { passed: true, detail: l(`« ${c} » réussit.`, `"${c}" succeeds.`) };
  },
};
