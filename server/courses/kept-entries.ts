// What loading the courses computed and a restart can reuse (rendered lessons, compiled course modules),
// kept in one JSON file in the data folder: `{ version, entries }`. A file of another version, a missing
// or an unreadable one is simply empty: everything is computed again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class KeptEntries<V> {
  private readonly entries = new Map<string, V>();
  private readonly used = new Set<string>();
  private changed = false;

  /** file: where to keep them; without one, nothing is kept (tests, `course:test`). */
  constructor(
    private readonly file: string | undefined,
    private readonly version: number,
  ) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        version?: number;
        entries?: Record<string, V>;
      };
      if (saved.version === version)
        for (const [k, v] of Object.entries(saved.entries ?? {})) this.entries.set(k, v);
    } catch {
      // nothing kept yet, or an unreadable file
    }
  }

  /** The kept value, if any; either way the key counts as used by this load. */
  get(key: string): V | undefined {
    this.used.add(key);
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.used.add(key);
    this.entries.set(key, value);
    this.changed = true;
  }

  /** Writes what this load used (entries of removed or edited sources go), atomically; errors are ignored. */
  save(): void {
    if (!this.file || (!this.changed && this.used.size === this.entries.size)) return;
    const entries = Object.fromEntries([...this.entries].filter(([k]) => this.used.has(k)));
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify({ version: this.version, entries }));
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // a read-only data folder only costs the next start the work again
    }
  }
}
