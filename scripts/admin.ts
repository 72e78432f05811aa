// `npm run admin -- <command>`: accounts and labs from the command line (see --help).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';
import { AdminRepo } from '../server/store/admin-repo.js';
import { openDatabase } from '../server/store/database.js';
import { EnginesRepo } from '../server/store/engines-repo.js';
import * as cmd from './admin-commands.js';
import { engineTable, setEngineMode } from './admin-engines.js';
import { AppError } from '../server/errors/app-error.js';
import { cliLibrary, describeSource } from '../server/courses/sources/source-cli.js';

const HELP = `Usage: npm run admin -- <command> [options]
  (with Docker Compose: docker compose exec atelier npm run admin -- <command> [options])

Accounts
  create-user <username> [--role learner|trainer|admin] [--password-stdin]
                        create an account; without --password-stdin a password is generated and shown once
  set-role <username> <learner|trainer|admin>
  reset-password <username> [--password-stdin]
                        set a new password (generated unless read from stdin) and end the user's sessions
  list-users
  delete-user <username> --yes
                        remove the account, its lab containers and its progress

Single sign-on
  list-identities       every provider identity (provider, subject) and the account it signs in to
  link-identity <username> <provider> <subject>
                        sign this identity in to the existing account <username> from now on (the account
                        made at its first login is removed when it holds nothing)
  unlink-identity <provider> <subject>
                        the identity's next login makes a new account

Course sources (git repositories or folders of course manifests; docs/COURSES.md)
  sources               every source: id, status, version, URL, last update, courses; errors of a failed update
  source-add <url> [--ref BRANCH|TAG]
                        add a source (https://, ssh://, file:// URL or absolute path), then update it now
  source-update <id>|--all
                        fetch, validate and test (in labs); the new version serves only if everything passed
  source-remove <id>    stop serving its courses and forget it (learners' progress is kept)

Labs
  list-labs [--state <state>] [--json]
                        every lab with its owner, state in the database and container state
  stop-lab <lab-id>     stop the container (files kept; the learner's next start resumes it)
  prune [--days N] [--dry-run]
                        remove lab containers whose user was deleted, and labs not running and idle
                        for more than N days (default 30); progress is kept

Docker Engines (ATELIER_ENGINES; docs/OPERATIONS.md)
  engines               every engine: address, state, labs (learners' + warm pool) out of its capacity, free
                        room, memory, lab images ready, since when up or down (and why)
  engine-drain <name>   take no new lab on it (its running labs stay); the server picks it up within seconds
  engine-activate <name>
                        take new labs on it again

Settings come from the environment or .env, as for the server (ATELIER_DATA_DIR, ATELIER_INSTANCE, ...).
Example: echo 'a long passphrase' | npm run admin -- create-user alice --role admin --password-stdin`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  role: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  state: { type: 'string' },
  json: { type: 'boolean' },
  days: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  ref: { type: 'string' },
  all: { type: 'boolean' },
} as const;

const COMMANDS = [
  'create-user',
  'set-role',
  'reset-password',
  'list-users',
  'delete-user',
  'list-identities',
  'link-identity',
  'unlink-identity',
  'sources',
  'source-add',
  'source-update',
  'source-remove',
  'list-labs',
  'stop-lab',
  'prune',
  'engines',
  'engine-drain',
  'engine-activate',
];

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function shown(generated: string | undefined): string {
  return generated ? `\n  password: ${generated}\n  (shown once: pass it on safely)` : '';
}

async function run(argv: string[]): Promise<void> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, a, b, c] = positionals;
  if (o.help || !command || command === 'help') return console.log(HELP);
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"`);
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new UsageError(`${command}: missing ${what}`);
    return v;
  };
  const config = loadConfig();
  const db = openDatabase(config.dbPath);
  const sandbox = createSandbox(config);
  const ctx = { db, runtime: sandbox.runtime };
  const password = async () => (o['password-stdin'] ? await readStdin() : undefined);
  try {
    switch (command) {
      case 'create-user': {
        const role = cmd.parseRole(o.role ?? 'learner');
        const r = await cmd.createUser(ctx, need(a, '<username>'), role, await password());
        return console.log(`created ${r.user.username} (${r.user.role})${shown(r.generated)}`);
      }
      case 'set-role': {
        const u = cmd.setRole(ctx, need(a, '<username>'), cmd.parseRole(need(b, '<role>')));
        return console.log(`${u.username} is now ${u.role}`);
      }
      case 'reset-password': {
        const r = await cmd.resetPassword(ctx, need(a, '<username>'), await password());
        return console.log(`new password set for ${r.user.username}; sessions ended${shown(r.generated)}`);
      }
      case 'list-users':
        for (const u of new AdminRepo(db).listUsers())
          console.log(`${u.username}\t${u.role}\t${new Date(u.createdAt).toISOString()}`);
        return;
      case 'delete-user': {
        const name = need(a, '<username>');
        if (!o.yes) throw new UsageError(`delete-user removes ${name}'s labs and progress: add --yes`);
        const r = await cmd.deleteUser(ctx, name);
        return console.log(`deleted ${name} and ${r.labs} lab(s)`);
      }
      case 'list-identities':
        for (const i of cmd.listIdentities(ctx))
          console.log(
            [i.providerId, i.subject, i.username, i.email ?? '-', new Date(i.lastLoginAt).toISOString()].join(
              '\t',
            ),
          );
        return;
      case 'link-identity': {
        const r = cmd.linkIdentity(ctx, need(a, '<username>'), need(b, '<provider>'), need(c, '<subject>'));
        const removed = r.removedAccount ? `; the empty account ${r.removedAccount} was removed` : '';
        return console.log(`${b}/${c} now signs in to ${a}${removed}`);
      }
      case 'unlink-identity':
        cmd.unlinkIdentity(ctx, need(a, '<provider>'), need(b, '<subject>'));
        return console.log(`${a}/${b} unlinked: its next login makes a new account`);
      case 'sources':
      case 'source-add':
      case 'source-update':
      case 'source-remove': {
        // Authoring tests run under an instance of their own: no server takes their labs for orphans.
        const labs = createSandbox({ ...config, instance: `${config.instance}-sources` }).runtime;
        const library = await cliLibrary(config, db, labs);
        // A refused URL or an unknown source: one line for the admin, like the other commands' errors.
        const asAdmin = <T>(f: () => T): T => {
          try {
            return f();
          } catch (err) {
            throw err instanceof AppError ? new cmd.AdminError(err.message) : err;
          }
        };
        if (command === 'sources')
          return library.list().forEach((s) => describeSource(s).forEach((l) => console.log(l)));
        if (command === 'source-remove') {
          asAdmin(() => library.remove(need(a, '<id>')));
          return console.log(`removed ${a}`);
        }
        const ids =
          command === 'source-add'
            ? [asAdmin(() => library.add(need(a, '<url>'), o.ref ?? null)).id]
            : o.all
              ? library.list().map((s) => s.id)
              : [need(a, '<id> or --all')];
        let failed = 0;
        for (const id of ids) {
          console.error(`updating ${id} (fetch, validate, test in labs)…`);
          const s = await asAdmin(() => library.update(id));
          if (s.status !== 'ok') failed++;
          describeSource(s).forEach((l) => console.log(l));
        }
        if (failed) process.exitCode = 1;
        return;
      }
      case 'list-labs':
        return printLabs(await cmd.listLabs(ctx), o.state, o.json);
      case 'stop-lab':
        await cmd.stopLab(ctx, need(a, '<lab-id>'));
        return console.log(`stopped ${a}`);
      case 'prune': {
        const days = Number(o.days ?? 30);
        if (!Number.isFinite(days) || days < 0) throw new UsageError('--days takes a number ≥ 0');
        const r = await cmd.prune(ctx, days, o['dry-run']);
        const verb = o['dry-run'] ? 'would remove' : 'removed';
        console.log(`${verb} ${r.orphans.length} orphan container(s): ${r.orphans.join(' ') || '-'}`);
        return console.log(`${verb} ${r.stale.length} lab(s) idle > ${days} d: ${r.stale.join(' ') || '-'}`);
      }
      case 'engines':
        // The admin's modes and the placements are in the database; the CLI runs no health loop: ask now.
        sandbox.engines.attach(new EnginesRepo(db));
        await sandbox.engines.refresh();
        return engineTable(sandbox.engines.status()).forEach((l) => console.log(l));
      case 'engine-drain':
      case 'engine-activate': {
        const mode = command === 'engine-drain' ? 'draining' : 'active';
        const names = config.engines.map((e) => e.name);
        setEngineMode(db, names, need(a, '<name>'), mode);
        return console.log(`${a} is now ${mode}; the running server picks it up within seconds`);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    db.close();
  }
}

function printLabs(rows: cmd.LabRow[], state?: string, json?: boolean): void {
  const shownRows = rows.filter((r) => !state || r.state === state || r.container === state);
  if (json) return console.log(JSON.stringify(shownRows, null, 2));
  console.log(['lab', 'user', 'course', 'state', 'container', 'last activity'].join('\t'));
  for (const r of shownRows)
    console.log(
      [
        r.id,
        r.username ?? '?',
        r.courseId,
        r.state,
        r.container,
        new Date(r.lastActivityAt).toISOString(),
      ].join('\t'),
    );
}

run(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (usage) console.error(`${(err as Error).message}\n\nRun \`npm run admin -- --help\` for the commands.`);
  else if (err instanceof cmd.AdminError || err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(usage ? 2 : 1);
});
