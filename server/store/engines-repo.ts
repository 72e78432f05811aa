import type { EngineMode, EngineStore } from '../sandbox/engine-types.js';
import type { Db } from './database.js';

/**
 * The engine holding each lab and the admin's mode of each engine (migration v10). The server and
 * `npm run admin` share them: the CLI writes a mode, the running server reads the modes again.
 */
export class EnginesRepo implements EngineStore {
  constructor(private readonly db: Db) {}

  placements(): [labId: string, engine: string][] {
    return (
      this.db.prepare('SELECT lab_id AS labId, engine FROM lab_engines ORDER BY placed_at, lab_id').all() as {
        labId: string;
        engine: string;
      }[]
    ).map((r) => [r.labId, r.engine]);
  }

  /** A lab placed again (recreated on another engine after its own was wiped) moves there. */
  place(labId: string, engine: string, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO lab_engines (lab_id, engine, placed_at) VALUES (?, ?, ?)
         ON CONFLICT (lab_id) DO UPDATE SET engine = excluded.engine, placed_at = excluded.placed_at`,
      )
      .run(labId, engine, now);
  }

  unplace(labId: string): void {
    this.db.prepare('DELETE FROM lab_engines WHERE lab_id = ?').run(labId);
  }

  /** Only the engines whose mode the admin set; the others keep their configured mode. */
  modes(): Map<string, EngineMode> {
    const rows = this.db.prepare('SELECT name, mode FROM engine_modes').all() as {
      name: string;
      mode: EngineMode;
    }[];
    return new Map(rows.map((r) => [r.name, r.mode]));
  }

  setMode(name: string, mode: EngineMode, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO engine_modes (name, mode, changed_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET mode = excluded.mode, changed_at = excluded.changed_at`,
      )
      .run(name, mode, now);
  }
}
