import { z } from 'zod';
import { l } from '../localized.js';
import { PASSWD, parsePasswd } from './accounts.js';
import type { CheckKind, Verdict } from './check-kind.js';
import { accountName, excerpt, labPath, metaShape } from './check-meta.js';
import { describeSchedule, scheduleMatches } from './cron-schedule.js';

const cronField = z.string().regex(/^[0-9A-Za-z*,/-]+$/, 'a cron field, e.g. "30", "*/5", "1-5", "mon"');

export const cronSchema = z
  .strictObject({
    kind: z.literal('cron'),
    /** A user's crontab (crontab -e), read from /var/spool/cron/crontabs/<user>. */
    user: accountName.optional(),
    /** Or a system crontab with a user column (/etc/crontab, /etc/cron.d/<name>). */
    file: labPath.optional(),
    /** The command part of an entry must contain this text / match this expression. */
    command: z.union([z.string().min(1), z.instanceof(RegExp)]),
    /**
     * The schedule: a whole one ('30 2 * * *', '@daily'; compared field by field, so '0 0 * * *' is
     * '@daily' and 'MON' is '1'), or only some fields ({ minute: '30', hour: '2' }), the others free.
     */
    schedule: z
      .union([
        z.string().min(1),
        z
          .strictObject({
            minute: cronField.optional(),
            hour: cronField.optional(),
            dayOfMonth: cronField.optional(),
            month: cronField.optional(),
            dayOfWeek: cronField.optional(),
          })
          .refine((o) => Object.keys(o).length > 0, 'a partial schedule gives at least one field'),
      ])
      .optional(),
    /** For system crontabs: the user the entry runs as. */
    runAs: accountName.optional(),
    ...metaShape,
  })
  .refine((s) => (s.user === undefined) !== (s.file === undefined), 'a cron check names either user or file');
export type CronCheckSpec = z.infer<typeof cronSchema>;

export interface CronEntry {
  schedule: string;
  user?: string;
  command: string;
  /** The line as written (trimmed). */
  line: string;
}

/** Entries of a crontab; `system` crontabs have a user column after the schedule. */
export function parseCrontab(text: string, system: boolean): CronEntry[] {
  const entries: CronEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue;
    const f = line.split(/\s+/);
    const n = f[0]?.startsWith('@') ? 1 : 5;
    if (f.length < n + (system ? 2 : 1)) continue;
    const schedule = f.slice(0, n).join(' ');
    const user = system ? f[n] : undefined;
    const rest = f.slice(n + (system ? 1 : 0));
    entries.push({ schedule, user, command: rest.join(' '), line });
  }
  return entries;
}

const pathOf = (s: CronCheckSpec): string => s.file ?? `/var/spool/cron/crontabs/${s.user ?? 'root'}`;
const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

export const cronCheck: CheckKind<CronCheckSpec> = {
  kind: 'cron',
  schema: cronSchema,
  plan: (s) => ({ reads: s.file ? [s.file, PASSWD] : [pathOf(s)] }),
  evaluate(s, facts) {
    const w = s.file ? l(s.file, s.file) : l(`la crontab de ${s.user}`, `the crontab of ${s.user}`);
    const content = facts.read(pathOf(s));
    if (!content) {
      return s.file
        ? fail(`${s.file} n'existe pas encore.`, `${s.file} does not exist yet.`)
        : fail(`${s.user} n'a pas encore de crontab.`, `${s.user} has no crontab yet.`);
    }
    const text = content.toString('utf8');
    const want = s.command;
    const wanted = (command: string) =>
      typeof want === 'string' ? command.includes(want) : want.test(command);
    const users = new Set(parsePasswd(s.file ? facts.read(PASSWD) : null).map((u) => u.name));
    // In a system crontab, a line whose "user" is not an account most likely forgot the user column.
    const found = parseCrontab(text, s.file !== undefined).filter(
      (e) => wanted(e.command) && (!s.file || users.has(e.user ?? '')),
    );
    if (!found.length) {
      const noUser = s.file ? parseCrontab(text, false).find((e) => wanted(e.command)) : undefined;
      if (noUser && s.file) return missingUser(s.file, noUser.line);
      return fail(`Aucune tâche attendue dans ${w.fr}.`, `No expected job in ${w.en}.`);
    }
    if (s.schedule !== undefined && !found.some((e) => scheduleMatches(e.schedule, s.schedule ?? ''))) {
      const got = found.map((e) => e.schedule).join(' | ');
      const [fr, en] = [describeSchedule(s.schedule, 'fr'), describeSchedule(s.schedule, 'en')];
      return fail(
        `La tâche est planifiée « ${got} » (attendu : « ${fr} »).`,
        `The job is scheduled "${got}" (expected "${en}").`,
      );
    }
    if (s.runAs !== undefined && !found.some((e) => e.user === s.runAs)) {
      return fail(`La tâche ne s'exécute pas en tant que ${s.runAs}.`, `The job does not run as ${s.runAs}.`);
    }
    const f =
      found.find((e) => s.schedule === undefined || scheduleMatches(e.schedule, s.schedule)) ?? found[0];
    return {
      passed: true,
      detail: l(
        `Tâche planifiée : ${f?.schedule} ${f?.command}`,
        `Scheduled job: ${f?.schedule} ${f?.command}`,
      ),
    };
  },
};

function missingUser(file: string, line: string): Verdict {
  const x = excerpt(line, 120);
  return fail(
    `Dans ${file}, la ligne « ${x} » n'a pas de champ utilisateur : dans une crontab système, le nom de l'utilisateur se place entre la planification et la commande.`,
    `In ${file}, the line "${x}" has no user field: in a system crontab, the user name goes between the schedule and the command.`,
  );
}
