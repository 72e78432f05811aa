// The admin CLI's Docker Engines: the table of `engines`, and `engine-drain` / `engine-activate`, which
// write the mode in the database (the running server reads the modes again every few seconds).
import type { EngineMode, EngineView } from '../server/sandbox/engine-types.js';
import type { Db } from '../server/store/database.js';
import { EnginesRepo } from '../server/store/engines-repo.js';
import { AdminError } from './admin-commands.js';

const GIB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
/** `used/limit`, or `used` alone when there is no limit (0). */
const outOf = (used: string | number, limit: number, shown = String(limit)) =>
  limit ? `${used}/${shown}` : String(used);

/** One header line and one line per engine, tab-separated like the other listings. */
export function engineTable(engines: EngineView[]): string[] {
  const head = ['engine', 'address', 'state', 'labs+pool/capacity', 'free', 'memory', 'images', 'since'];
  return [
    head.join('\t'),
    ...engines.map((e) =>
      [
        e.name,
        e.address,
        // A drained engine that is down says both: it takes no new lab either way, and stays drained.
        e.state === 'down' && e.mode === 'draining' ? 'down (draining)' : e.state,
        outOf(`${e.used.labs}+${e.used.pooled}`, e.capacity.labs),
        e.free.labs ?? '-',
        outOf(gib(e.used.memoryBytes), e.capacity.memoryBytes, gib(e.capacity.memoryBytes)),
        `${e.images.ready}/${e.images.total}`,
        new Date(e.since).toISOString() + (e.reason ? ` (${e.reason})` : ''),
      ].join('\t'),
    ),
  ];
}

/** Sets the admin's mode of a configured engine (ATELIER_ENGINES); the server takes it up by itself. */
export function setEngineMode(db: Db, configured: string[], name: string, mode: EngineMode): void {
  if (!configured.includes(name))
    throw new AdminError(`no engine named "${name}" (configured: ${configured.join(', ')})`);
  new EnginesRepo(db).setMode(name, mode);
}
