// `npm run backup`: an online, verified backup of the database (safe while the server runs), keeping the
// newest ATELIER_BACKUP_KEEP generations. `npm run backup -- --help` for restore and verify.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { BackupError, backupDatabase, listBackups, verifyDatabaseFile } from '../server/store/backup.js';

const HELP = `Usage: npm run backup -- [command] [options]
  (with Docker Compose: docker compose exec atelier npm run backup)

  (no command)          back up the database now into ATELIER_BACKUP_DIR (default <data dir>/backups),
                        verify it (PRAGMA integrity_check) and keep the newest ATELIER_BACKUP_KEEP
  list                  the backups, newest first
  verify <file>         check a backup file
  restore <file> --yes  replace the database with a verified backup. STOP THE SERVER FIRST
                        (docker compose stop atelier, then docker compose run --rm atelier npm run backup -- restore …).
                        The current database is kept beside it as atelier.db.before-restore-<time>.

Options: --dir <path> (backup folder), --keep <n>, -h/--help`;

async function run(argv: string[]): Promise<void> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      dir: { type: 'string' },
      keep: { type: 'string' },
      yes: { type: 'boolean' },
    },
  });
  if (o.help) return console.log(HELP);
  const config = loadConfig();
  const dir = path.resolve(o.dir ?? config.backup.dir);
  const [command, file] = positionals;
  if (command === 'list') {
    for (const b of listBackups(dir)) console.log(`${b.createdAt.toISOString()}\t${b.bytes}\t${b.path}`);
    return;
  }
  if (command === 'verify' || command === 'restore') {
    if (!file) throw new BackupError(`${command}: which file? (npm run backup -- list)`);
    const source = path.resolve(file);
    verifyDatabaseFile(source);
    if (command === 'verify') return console.log(`${source}: ok`);
    if (!o.yes) throw new BackupError('restore replaces the database: stop the server, then add --yes');
    return restore(source, config.dbPath);
  }
  if (command) throw new BackupError(`unknown command "${command}" (npm run backup -- --help)`);
  if (!fs.existsSync(config.dbPath)) throw new BackupError(`no database at ${config.dbPath}`);
  const keep = Number(o.keep ?? config.backup.keep);
  if (!Number.isInteger(keep) || keep < 1) throw new BackupError('--keep takes a whole number ≥ 1');
  const db = new Database(config.dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const r = await backupDatabase(db, { dir, keep });
    console.log(`backup ${r.path} (${r.bytes} bytes, ${r.durationMs} ms), integrity ok`);
    if (r.removed.length) console.log(`removed older generations: ${r.removed.join(' ')}`);
  } finally {
    db.close();
  }
}

/** The old database (and its WAL, which belongs to it) is moved aside; the backup is copied in its place. */
function restore(source: string, dbPath: string): void {
  const aside = `${dbPath}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  if (fs.existsSync(dbPath)) {
    fs.renameSync(dbPath, aside);
    for (const ext of ['-wal', '-shm'])
      if (fs.existsSync(dbPath + ext)) fs.renameSync(dbPath + ext, aside + ext);
  }
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  fs.copyFileSync(source, dbPath);
  console.log(`restored ${source} → ${dbPath}${fs.existsSync(aside) ? `\nprevious database: ${aside}` : ''}`);
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof BackupError || err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
