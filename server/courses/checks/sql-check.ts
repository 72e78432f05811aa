import { createHash } from 'node:crypto';
import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Probe } from './check-kind.js';
import { excerpt, metaShape, shq } from './check-meta.js';
import { IP_FN, hostName } from './lab-net.js';

export const sqlSchema = z.strictObject({
  kind: z.literal('sql'),
  /** Sent on the client's stdin (never in argv). */
  query: z.string().min(1).max(4096),
  engine: z.enum(['postgres', 'mariadb']),
  /** Default 127.0.0.1 (the machine itself, over TCP). */
  host: hostName.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$/, 'a database user name'),
  /** Given to the client in its environment (PGPASSWORD / MYSQL_PWD), never on a command line. */
  password: z.string().max(256).optional(),
  database: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/, 'a database name')
    .optional(),
  /** The whole output: rows by newline, columns by tab, trimmed. */
  expect: z.string().optional(),
  /** A substring of the output. */
  contains: z.string().min(1).optional(),
  /** The connection, the login or the query must be refused (pg_hba.conf, grants). */
  denied: z.boolean().optional(),
  timeoutS: z.number().positive().max(15).optional(),
  ...metaShape,
});
export type SqlCheckSpec = z.infer<typeof sqlSchema>;

const CLIENT = { postgres: 'psql (postgresql-client)', mariadb: 'mariadb (mariadb-client)' };

/**
 * Builtin: it runs in the batch's own shell, whose script came on stdin, so the password is only in the
 * client's environment, which lab root cannot read (the grader holds a capability the lab lacks).
 */
function probeOf(s: SqlCheckSpec): Probe {
  const t = s.timeoutS ?? 5;
  const host = s.host ?? '127.0.0.1';
  const pw = s.password === undefined ? '' : shq(s.password);
  const client =
    s.engine === 'postgres'
      ? `c=; for x in /usr/lib/postgresql/*/bin/psql /usr/bin/psql; do [ -x "$x" ] && c=$x; done
[ -n "$c" ] || { echo NOTOOL; exit 127; }
run() { ${pw ? `PGPASSWORD=${pw} ` : ''}PGCONNECT_TIMEOUT=${t} /usr/bin/timeout ${t} "$c" -X -w -q -At -F $'\\t' -v ON_ERROR_STOP=1 \\
  -h "$a" -p ${s.port ?? 5432} -U ${shq(s.user)} -d ${shq(s.database ?? s.user)}; }`
      : `c=/usr/bin/mariadb; [ -x $c ] || c=/usr/bin/mysql; [ -x $c ] || { echo NOTOOL; exit 127; }
run() { ${pw ? `MYSQL_PWD=${pw} ` : ''}/usr/bin/timeout ${t} $c --no-defaults -N -B --protocol=TCP --connect-timeout=${t} \\
  -h "$a" -P ${s.port ?? 3306} -u ${shq(s.user)}${s.database ? ` -D ${shq(s.database)}` : ''}; }`;
  const script = `${IP_FN}
${client}
__ip ${shq(host)} || { echo NONAME; exit 4; }
e=$(/usr/bin/mktemp) || exit 98
o=$(run <<<${shq(s.query)} 2>"$e" | /usr/bin/head -c 60000; exit "\${PIPESTATUS[0]}"); rc=$?
m=$(/usr/bin/head -c 2000 "$e" | /usr/bin/tr -cd '\\11\\12\\40-\\176'); /bin/rm -f "$e"
printf 'R %d\\nE %d\\n%s%s' "$rc" "\${#m}" "$m" "$o"`;
  // Checks that differ only by password must not share a probe; the key never shows the password.
  const pwTag =
    s.password === undefined ? '-' : createHash('sha256').update(s.password).digest('hex').slice(0, 12);
  const key = `sql ${s.engine} ${s.user}@${host}:${s.port ?? ''}/${s.database ?? ''} ${pwTag} ${t} ${s.query}`;
  return { key, builtin: true, script, timeoutS: t + 2 };
}

/** Refusals by the server: pg_hba.conf, passwords, roles, grants. A server that is down refuses nothing. */
const DENIAL =
  /password authentication failed|no pg_hba\.conf entry|pg_hba\.conf rejects|permission denied|role "[^"]*" does not exist|no password supplied|Access denied|command denied|is not allowed to connect/i;

/** The error's gist: its first meaningful line. */
function gist(err: string): string {
  const lines = err.split('\n').map((x) => x.trim());
  const line = lines.find((x) => /FATAL|ERROR|error|could not|denied/.test(x)) ?? lines.find(Boolean) ?? '';
  return excerpt(line.replace(/^psql: (error: )?/, ''), 200);
}

function parse(output: string) {
  const m = /^R (-?[0-9]+)\nE ([0-9]+)\n/.exec(output);
  if (!m) return undefined;
  const at = m[0].length;
  const len = Number(m[2]);
  return { rc: Number(m[1]), err: output.slice(at, at + len), out: output.slice(at + len) };
}

const fail = (detail: Localized, extra?: string) => ({ passed: false, detail, ...(extra ? { extra } : {}) });
const tidy = (x: string) => x.replace(/\r\n/g, '\n').trim();

export const sqlCheck: CheckKind<SqlCheckSpec> = {
  kind: 'sql',
  schema: sqlSchema,
  plan: (s) => ({ probes: [probeOf(s)] }),
  evaluate(s, facts) {
    const who = `${s.user}@${s.host ?? '127.0.0.1'}${s.database ? `/${s.database}` : ''}`;
    const r = facts.probe(probeOf(s).key);
    if (!r)
      return fail(l(`La requête SQL (${who}) n'a pas abouti.`, `The SQL query (${who}) did not complete.`));
    if (r.exitCode === 127 && r.output.startsWith('NOTOOL'))
      return fail(
        l(
          `Cette vérification a besoin de ${CLIENT[s.engine]} dans l'image de la machine.`,
          `This check needs ${CLIENT[s.engine]} in the machine's image.`,
        ),
      );
    if (r.exitCode === 4)
      return fail(l(`Le nom ${s.host ?? ''} est inconnu.`, `The name ${s.host ?? ''} is unknown.`));
    const p = parse(r.output);
    if (!p)
      return fail(l(`La requête SQL (${who}) n'a pas abouti.`, `The SQL query (${who}) did not complete.`));
    const why = gist(p.err) || (p.rc === 124 ? 'timeout' : `exit ${p.rc}`);
    if (s.denied) {
      if (p.rc !== 0 && DENIAL.test(p.err))
        return { passed: true, detail: l(`${who} est refusé : ${why}`, `${who} is refused: ${why}`) };
      return p.rc === 0
        ? fail(l(`${who} peut se connecter et exécuter la requête.`, `${who} can connect and run the query.`))
        : fail(
            l(`${who} : échec, mais pas un refus (${why}).`, `${who}: failed, but not a refusal (${why}).`),
          );
    }
    if (p.rc !== 0) return fail(l(`${who} : ${why}`, `${who}: ${why}`));
    const out = tidy(p.out);
    if (s.expect !== undefined && out !== tidy(s.expect))
      return fail(
        l(
          `La requête renvoie « ${excerpt(out, 120)} » (attendu : « ${excerpt(s.expect, 120)} »).`,
          `The query returns "${excerpt(out, 120)}" (expected "${excerpt(s.expect, 120)}").`,
        ),
      );
    if (s.contains !== undefined && !out.includes(s.contains))
      return fail(
        l(
          `Le résultat de la requête ne contient pas « ${s.contains} ».`,
          `The query's result does not contain "${s.contains}".`,
        ),
        excerpt(out),
      );
    return {
      passed: true,
      detail: l(
        `${who} : la requête renvoie « ${excerpt(out, 120)} ».`,
        `${who}: the query returns "${excerpt(out, 120)}".`,
      ),
    };
  },
};
