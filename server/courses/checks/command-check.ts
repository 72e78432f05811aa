import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Probe, Verdict } from './check-kind.js';
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

/** `check.configTest` appends this to its command; learners never need to see it. */
export const CONFIG_TEST_SUFFIX = ' 2>&1';

/** The command as learners may see it: one short line, or undefined (a script is for authors only). */
export function shownCommand(command: string): string | undefined {
  const c = command.endsWith(CONFIG_TEST_SUFFIX) ? command.slice(0, -CONFIG_TEST_SUFFIX.length) : command;
  const one = c.trim();
  return one.length <= 60 && !one.includes('\n') ? one : undefined;
}

type Say = (c: string) => Localized;

/**
 * `detail` names the whole command (for authors); `short`, for learners, names it only when it is one
 * short line, else says the check (by its id when the author gave one) is not satisfied yet.
 */
function verdict(s: CommandCheckSpec, passed: boolean, say: Say, extra?: string): Verdict {
  const shown = shownCommand(s.command);
  const detail = say(s.command);
  const generic = passed
    ? s.id
      ? l(`La vérification « ${s.id} » est satisfaite.`, `Check "${s.id}" is satisfied.`)
      : l('La vérification est satisfaite.', 'The check is satisfied.')
    : s.id
      ? l(`La vérification « ${s.id} » n'est pas encore satisfaite.`, `Check "${s.id}" is not satisfied yet.`)
      : l("La vérification n'est pas encore satisfaite.", 'The check is not satisfied yet.');
  const short = shown === undefined ? generic : say(shown);
  return { passed, detail, short, ...(extra ? { extra } : {}) };
}

export const commandCheck: CheckKind<CommandCheckSpec> = {
  kind: 'command',
  schema: commandSchema,
  plan: (s) => ({ probes: [probeOf(s)] }),
  evaluate(s, facts) {
    const r = facts.probe(probeOf(s).key);
    if (!r)
      return verdict(s, false, (c) => l(`« ${c} » n'a pas pu être exécutée.`, `"${c}" could not be run.`));
    const want = s.exitCode ?? 0;
    const extra = excerpt(r.output, 400);
    if (r.exitCode === 124) {
      return verdict(s, false, (c) => l(`« ${c} » a dépassé le temps imparti.`, `"${c}" timed out.`));
    }
    if (r.exitCode !== want) {
      const say: Say = (c) =>
        l(
          `« ${c} » se termine avec le code ${r.exitCode} (attendu : ${want}).`,
          `"${c}" exits with code ${r.exitCode} (expected ${want}).`,
        );
      return verdict(s, false, say, extra);
    }
    if (s.output !== undefined && !hit(r.output, s.output)) {
      const say: Say = (c) =>
        l(`La sortie de « ${c} » n'est pas celle attendue.`, `The output of "${c}" is not the expected one.`);
      return verdict(s, false, say, extra);
    }
    if (s.notOutput !== undefined && hit(r.output, s.notOutput)) {
      const say: Say = (c) =>
        l(`La sortie de « ${c} » contient encore une erreur.`, `The output of "${c}" still shows a problem.`);
      return verdict(s, false, say, extra);
    }
    return verdict(s, true, (c) => l(`« ${c} » réussit.`, `"${c}" succeeds.`));
  },
};
