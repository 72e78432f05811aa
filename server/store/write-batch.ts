import type { Db } from './database.js';

/** How often queued writes are committed: one transaction per interval, whatever their number. */
export const BATCH_INTERVAL_MS = 500;

interface Queued {
  value: unknown;
  write: (value: unknown) => void;
  fold?: (queued: unknown, next: unknown) => unknown;
}

/**
 * Write-behind for frequent writes nobody sees as saved (lab activity, exercise time): queued in memory
 * under a key, a later value folded into the queued one (or replacing it), and committed in ONE
 * transaction per interval, on `flush()` (before a read that needs them) and at close. A process crash
 * loses at most one interval of them.
 */
export class WriteBatch {
  private queued = new Map<string, Queued>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    /** A timed flush failed (its writes stay queued for the next one), or one write was refused (dropped). */
    public onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Queues `write(value)` under `key`; `fold` merges a value queued earlier with this one (default: replace). */
  queue<T>(key: string, value: T, write: (value: T) => void, fold?: (queued: T, next: T) => T): void {
    if (this.closed) return write(value);
    const prev = this.queued.get(key);
    const merged = prev && fold ? fold(prev.value as T, value) : value;
    this.queued.set(key, { value: merged, write, fold } as Queued);
    this.timer ??= setTimeout(() => this.timedFlush(), this.intervalMs).unref();
  }

  /** The value queued under `key`, not yet committed. */
  peek<T>(key: string): T | undefined {
    return this.queued.get(key)?.value as T | undefined;
  }

  get size(): number {
    return this.queued.size;
  }

  /** Commits everything queued now, in one transaction; returns how many writes. */
  flush(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued.size === 0 || !this.db.open) return 0;
    const writes = this.queued;
    this.queued = new Map();
    const refused: unknown[] = [];
    try {
      this.db.transaction(() => {
        for (const w of writes.values()) {
          try {
            w.write(w.value);
          } catch (err) {
            // A write a constraint refuses would be refused forever: it is dropped, not the batch.
            if (!isConstraint(err) || !this.db.inTransaction) throw err;
            refused.push(err);
          }
        }
      })();
    } catch (err) {
      this.requeue(writes);
      throw err;
    }
    for (const err of refused) this.onError(err);
    return writes.size - refused.length;
  }

  /** Flushes, then writes go straight through (the database is about to close). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private timedFlush(): void {
    try {
      this.flush();
    } catch (err) {
      this.onError(err);
    }
  }

  /** A failed transaction wrote nothing: its writes go back before what was queued meanwhile. */
  private requeue(failed: Map<string, Queued>): void {
    const meanwhile = this.queued;
    this.queued = failed;
    for (const [key, q] of meanwhile) this.queue(key, q.value, q.write, q.fold);
    this.timer ??= setTimeout(() => this.timedFlush(), this.intervalMs).unref();
  }
}

const isConstraint = (err: unknown) =>
  String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');

const batches = new WeakMap<Db, WriteBatch>();

/** The one batch of a database connection, shared by every repository on it. */
export function writeBatchOf(db: Db): WriteBatch {
  let batch = batches.get(db);
  if (!batch) batches.set(db, (batch = new WriteBatch(db)));
  return batch;
}
