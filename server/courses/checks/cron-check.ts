import { z } from 'zod';
import { l } from '../localized.js';
import type { CheckKind } from './check-kind.js';
import { accountName, labPath, metaShape } from './check-meta.js';

export const cronSchema = z
  .strictObject({
    kind: z.literal('cron'),
    /** A user's crontab (crontab -e), read from /var/spool/cron/crontabs/<user>. */
    user: accountName.optional(),
    /** Or a system crontab with a user column (/etc/crontab, /etc/cron.d/<name>). */
    file: labPath.optional(),
    /** The command part of an entry must contain this text / match this expression. */
    command: z.union([z.string().min(1), z.instanceof(RegExp)]),
    /** Exact schedule, e.g. '30 2 * * *' or '@daily' (whitespace-insensitive). */
    schedule: z.string().min(1).optional(),
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
    const rest = line.split(/\s+/).slice(n + (system ? 1 : 0));
    entries.push({ schedule, user, command: rest.join(' ') });
  }
  return entries;
}

const pathOf = (s: CronCheckSpec): string => s.file ?? `/var/spool/cron/crontabs/${s.user ?? 'root'}`;

export const cronCheck: CheckKind<CronCheckSpec> = {
  kind: 'cron',
  schema: cronSchema,
  plan: (s) => ({ reads: [pathOf(s)] }),
  evaluate(s, facts) {
    const w = s.file ? l(s.file, s.file) : l(`la crontab de ${s.user}`, `the crontab of ${s.user}`);
    const content = facts.read(pathOf(s));
    if (!content) {
      return s.file
        ? { passed: false, detail: l(`${s.file} n'existe pas encore.`, `${s.file} does not exist yet.`) }
        : {
            passed: false,
            detail: l(`${s.user} n'a pas encore de crontab.`, `${s.user} has no crontab yet.`),
          };
    }
    const entries = parseCrontab(content.toString('utf8'), s.file !== undefined);
    const want = s.command;
    const found = entries.filter((e) =>
      typeof want === 'string' ? e.command.includes(want) : want.test(e.command),
    );
    if (!found.length) {
      return {
        passed: false,
        detail: l(`Aucune tâche attendue dans ${w.fr}.`, `No expected job in ${w.en}.`),
      };
    }
    const norm = (x: string): string => x.trim().split(/\s+/).join(' ');
    if (s.schedule !== undefined && !found.some((e) => e.schedule === norm(s.schedule ?? ''))) {
      const got = found.map((e) => e.schedule).join(' | ');
      return {
        passed: false,
        detail: l(
          `La tâche est planifiée « ${got} » (attendu : « ${s.schedule} »).`,
          `The job is scheduled "${got}" (expected "${s.schedule}").`,
        ),
      };
    }
    if (s.runAs !== undefined && !found.some((e) => e.user === s.runAs)) {
      return {
        passed: false,
        detail: l(`La tâche ne s'exécute pas en tant que ${s.runAs}.`, `The job does not run as ${s.runAs}.`),
      };
    }
    const f = found[0];
    return {
      passed: true,
      detail: l(
        `Tâche planifiée : ${f?.schedule} ${f?.command}`,
        `Scheduled job: ${f?.schedule} ${f?.command}`,
      ),
    };
  },
};
