// Verifies a platform's ID token (the launch's form_post) with jose: RS256 signature by a key of the
// platform's key set chosen by kid, issuer, audience = our client id, azp, expiry, then the nonce we sent,
// the deployment, and the message's type and version (lti-claims.ts). Nothing here is hand-written crypto.
import * as jose from 'jose';
import { AppError } from '../errors/app-error.js';
import type { LtiPlatform } from '../store/lti-platform-repo.js';
import { CLAIM, launchClaims, type LaunchClaims } from './lti-claims.js';

const refused = (why: string, cause?: unknown) =>
  new AppError('lti-refused', `Lancement LTI refusé : ${why}.`, undefined, { cause });

export class LaunchVerifier {
  /** One remote key set per URL: jose caches it and fetches it again when a token names an unknown kid. */
  private readonly keySets = new Map<string, ReturnType<typeof jose.createRemoteJWKSet>>();

  keySetOf(url: string) {
    let set = this.keySets.get(url);
    if (!set) {
      // No cooldown: a platform that rotated its key is read again at once; launches are throttled per address.
      set = jose.createRemoteJWKSet(new URL(url), { cooldownDuration: 0, cacheMaxAge: 10 * 60_000 });
      this.keySets.set(url, set);
    }
    return set;
  }

  /**
   * The launch's claims once every check passed. Throws AppError('lti-refused') for a token that fails one,
   * AppError('lti-unavailable') when the platform's key set cannot be read.
   */
  async verify(idToken: string, platform: LtiPlatform, nonce: string): Promise<LaunchClaims> {
    let payload: jose.JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(idToken, this.keySetOf(platform.keysetUrl), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (unreachable(err))
        throw new AppError('lti-unavailable', 'La plateforme LTI ne répond pas.', undefined, { cause: err });
      throw refused(err instanceof jose.errors.JOSEError ? err.code : 'jeton illisible', err);
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const azp = payload.azp;
    if ((aud.length > 1 || azp !== undefined) && azp !== platform.clientId) throw refused('azp');
    if (payload.nonce !== nonce) throw refused('nonce');
    const parsed = launchClaims.safeParse(payload);
    if (!parsed.success) throw refused(`message: ${parsed.error.issues[0]?.path.join('.') ?? '?'}`);
    if (!platform.deploymentIds.includes(parsed.data[CLAIM.deploymentId])) throw refused('deployment');
    return parsed.data;
  }
}

/** The key set could not be read (down, slow, not a key set), as opposed to a bad token. */
function unreachable(err: unknown): boolean {
  if (err instanceof jose.errors.JWKSTimeout || err instanceof jose.errors.JWKSInvalid) return true;
  if (err instanceof jose.errors.JOSEError) return err.code === 'ERR_JOSE_GENERIC';
  return err instanceof TypeError; // fetch failed: refused connection, DNS
}
