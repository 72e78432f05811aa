import type { Db } from './database.js';

/** One of our tool's RS256 key pairs, as JWKs (the private one never leaves the server). */
export interface LtiKeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: number;
  /** When a newer key took over signing; null for the current key. */
  retiredAt: number | null;
}

const COLUMNS = `kid, private_jwk AS privateJwk, public_jwk AS publicJwk, created_at AS createdAt,
  retired_at AS retiredAt`;

export class LtiKeyRepo {
  constructor(private readonly db: Db) {}

  current(): LtiKeyRecord | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM lti_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`)
      .get() as LtiKeyRecord | undefined;
  }

  /** Keys still published: the current one and those retired at or after `since`. */
  published(since: number): LtiKeyRecord[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM lti_keys WHERE retired_at IS NULL OR retired_at >= ? ORDER BY created_at DESC`,
      )
      .all(since) as LtiKeyRecord[];
  }

  /** Makes `key` the current one: the previous current key is retired now, in the same transaction. */
  promote(key: Omit<LtiKeyRecord, 'retiredAt'>, now = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE lti_keys SET retired_at = ? WHERE retired_at IS NULL').run(now);
      this.db
        .prepare('INSERT INTO lti_keys (kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)')
        .run(key.kid, key.privateJwk, key.publicJwk, key.createdAt);
    })();
  }

  /** Forgets keys retired before `before` (no longer published, so no token signed by them is accepted). */
  prune(before: number): number {
    return this.db.prepare('DELETE FROM lti_keys WHERE retired_at IS NOT NULL AND retired_at < ?').run(before)
      .changes;
  }
}
