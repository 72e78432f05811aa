// Our tool's signing keys: RS256 pairs made with jose, kept in SQLite, published at /api/lti/jwks.
// A rotation (the admin's, or by itself after KEY_MAX_AGE_MS) makes a new key sign at once; the previous
// one stays published for KEY_OVERLAP_MS so a platform that cached our key set still verifies what was
// signed just before.
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import type { LtiKeyRepo } from '../store/lti-key-repo.js';

export const KEY_OVERLAP_MS = 7 * 24 * 3_600_000;
/** A key signs for at most this long; the next signature after it makes a new one. */
export const KEY_MAX_AGE_MS = 90 * 24 * 3_600_000;
const ALG = 'RS256';

export interface SigningKey {
  kid: string;
  key: jose.CryptoKey;
}

export class ToolKeys {
  private cached?: SigningKey;
  private making?: Promise<string>;

  constructor(private readonly repo: LtiKeyRepo) {}

  /** The key that signs now (made at the first use, replaced once older than KEY_MAX_AGE_MS). */
  async current(now = Date.now()): Promise<SigningKey> {
    let record = this.repo.current();
    if (!record || record.createdAt <= now - KEY_MAX_AGE_MS) {
      // Calls at the same moment share one new key.
      await (this.making ??= this.rotate(now).finally(() => (this.making = undefined)));
      record = this.repo.current()!;
    }
    if (this.cached?.kid !== record.kid) {
      const key = (await jose.importJWK(JSON.parse(record.privateJwk) as jose.JWK, ALG)) as jose.CryptoKey;
      this.cached = { kid: record.kid, key };
    }
    return this.cached;
  }

  /** A new key signs from now on; returns its kid. Keys retired too long ago are forgotten. */
  async rotate(now = Date.now()): Promise<string> {
    const { privateKey, publicKey } = await jose.generateKeyPair(ALG, {
      extractable: true,
      modulusLength: 2048,
    });
    const kid = randomUUID();
    const meta = { kid, alg: ALG, use: 'sig' };
    this.repo.promote(
      {
        kid,
        privateJwk: JSON.stringify({ ...(await jose.exportJWK(privateKey)), ...meta }),
        publicJwk: JSON.stringify({ ...(await jose.exportJWK(publicKey)), ...meta }),
        createdAt: now,
      },
      now,
    );
    this.repo.prune(now - KEY_OVERLAP_MS);
    return kid;
  }

  /** The public key set platforms read (current key first). */
  async jwks(now = Date.now()): Promise<{ keys: jose.JWK[] }> {
    await this.current(now);
    return {
      keys: this.repo.published(now - KEY_OVERLAP_MS).map((k) => JSON.parse(k.publicJwk) as jose.JWK),
    };
  }

  /** Signs a JWT with the current key (`claims` already hold iss/aud as the message needs). */
  async sign(claims: jose.JWTPayload, expiresIn: string | number = '5m'): Promise<string> {
    const { kid, key } = await this.current();
    return new jose.SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);
  }
}
