import fsp, { type FileHandle } from 'node:fs/promises';
import type { Db } from './database.js';

/** At most this long of commits is lost by a power loss (a process crash loses none). */
export const WAL_SYNC_EVERY_MS = 1_000;

/**
 * The durability barrier, off the event loop: with `synchronous = NORMAL` a commit only writes the WAL to
 * the OS; `sync()` makes every commit made before the call durable with an fdatasync of the `-wal` file
 * on libuv's thread pool (fsync flushes the file, whichever descriptor wrote it). A periodic sync bounds
 * what a power loss takes. The WAL is reused from its start after a checkpoint (same file), and deleted
 * when the last connection closes: a deleted or replaced file is reopened by path.
 */
export class WalSync {
  private readonly file: string | undefined;
  private handle: { fd: FileHandle; ino: number } | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private syncedStamp = '';
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    everyMs = WAL_SYNC_EVERY_MS,
    /** A periodic sync failed. */
    public onError: (err: unknown) => void = () => undefined,
  ) {
    this.file = db.memory ? undefined : `${db.name}-wal`;
    if (this.file && everyMs > 0) this.timer = setInterval(() => void this.tick(), everyMs).unref();
  }

  /**
   * Resolves once every commit made before the call is on disk. Concurrent callers share one fdatasync;
   * a caller arriving while one runs waits for the next (its commit may have come after that one began).
   */
  sync(): Promise<void> {
    if (!this.file) return Promise.resolve();
    if (!this.running) {
      const run = this.syncOnce().finally(() => {
        if (this.running === run) this.running = undefined;
      });
      return (this.running = run);
    }
    return (this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.sync();
      }));
  }

  /** Stops the periodic sync, syncs once more and releases the file (before the database closes). */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.sync().catch(() => undefined);
    this.closed = true;
    await this.release();
  }

  private async syncOnce(): Promise<void> {
    const handle = await this.open();
    if (!handle) return; // no WAL: everything is in the database file, synced at its checkpoint
    const st = await handle.fd.stat();
    await handle.fd.datasync();
    this.syncedStamp = stamp(st);
  }

  /** Periodic: sync when the WAL changed since the last sync; stop once the database is closed. */
  private async tick(): Promise<void> {
    if (!this.db.open) {
      clearInterval(this.timer);
      return this.release();
    }
    if (this.running || this.closed) return;
    const h = this.handle;
    const now = h && (await h.fd.stat().then(stamp, () => undefined));
    if (now !== undefined && now === this.syncedStamp) return;
    await this.sync().catch(this.onError);
  }

  /** The `-wal` file's descriptor, opened when the file exists, reopened if it was replaced (only syncOnce calls it). */
  private async open(): Promise<WalSync['handle']> {
    if (this.closed || !this.file) return undefined;
    const ino = await fsp.stat(this.file).then(
      (s) => s.ino,
      () => undefined,
    );
    if (this.handle && this.handle.ino === ino) return this.handle;
    await this.release();
    if (ino === undefined) return undefined;
    const fd = await fsp.open(this.file, 'r+');
    this.handle = { fd, ino: (await fd.stat()).ino };
    return this.handle;
  }

  private async release(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.fd.close().catch(() => undefined);
  }
}

const stamp = (s: { size: number; mtimeMs: number; ino: number }) => `${s.ino}:${s.size}:${s.mtimeMs}`;

const syncs = new WeakMap<Db, WalSync>();

/** The one barrier of a database connection. */
export function walSyncOf(db: Db): WalSync {
  let s = syncs.get(db);
  if (!s) syncs.set(db, (s = new WalSync(db)));
  return s;
}
