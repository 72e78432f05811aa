// Calls to a platform's services with an OAuth 2 access token got by client_credentials and a client
// assertion signed with our current key (jose SignJWT through ToolKeys): AGS scores, NRPS memberships.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { LtiPlatform } from '../store/lti-platform-repo.js';
import { SCOPE } from './lti-claims.js';
import type { ToolKeys } from './tool-keys.js';

const TIMEOUT_MS = 10_000;
const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().optional() });
const member = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string()).default([]),
  status: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
});
const membership = z.object({ members: z.array(member) });
export type LtiMember = z.infer<typeof member>;

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  completed: boolean;
}

const unavailable = (what: string, cause?: unknown) =>
  new AppError('lti-unavailable', `La plateforme LTI ne répond pas (${what}).`, undefined, { cause });

/** `<lineitem>/scores`, keeping the line item's query string. */
export function scoresUrl(lineitem: string): string {
  const u = new URL(lineitem);
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`;
  return u.href;
}

export class PlatformServices {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(private readonly keys: ToolKeys) {}

  /** An access token for `scopes` (cached until shortly before it expires). */
  async token(platform: LtiPlatform, scopes: string[], now = Date.now()): Promise<string> {
    const key = `${platform.id} ${scopes.join(' ')}`;
    const cached = this.tokens.get(key);
    if (cached && cached.until > now) return cached.token;
    const assertion = await this.keys.sign(
      { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, jti: randomUUID() },
      '5m',
    );
    const res = await this.fetch(platform.tokenUrl, 'token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      }),
    });
    const parsed = tokenAnswer.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw unavailable('token: réponse illisible');
    const ttl = Math.max(0, ((parsed.data.expires_in ?? 3600) - 30) * 1000);
    this.tokens.set(key, { token: parsed.data.access_token, until: now + ttl });
    return parsed.data.access_token;
  }

  /** Posts a score to a line item (AGS); throws AppError('lti-unavailable') with the platform's status. */
  async postScore(platform: LtiPlatform, lineitem: string, s: Score): Promise<void> {
    const token = await this.token(platform, [SCOPE.score]);
    await this.fetch(scoresUrl(lineitem), 'score', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({
        userId: s.userId,
        scoreGiven: s.scoreGiven,
        scoreMaximum: s.scoreMaximum,
        activityProgress: s.completed ? 'Completed' : 'InProgress',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
    });
  }

  /** Every member of a context (NRPS), following `rel="next"` pages. */
  async members(platform: LtiPlatform, url: string): Promise<LtiMember[]> {
    const token = await this.token(platform, [SCOPE.members]);
    const out: LtiMember[] = [];
    let next: string | undefined = url;
    for (let page = 0; next && page < 100; page++) {
      const res = await this.fetch(next, 'roster', {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
        },
      });
      const parsed = membership.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw unavailable('roster: réponse illisible');
      out.push(...parsed.data.members);
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return out;
  }

  private async fetch(url: string, what: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw unavailable(what, err);
    }
    if (!res.ok) throw unavailable(`${what}: HTTP ${res.status}`);
    return res;
  }
}
