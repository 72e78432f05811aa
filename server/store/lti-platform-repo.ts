import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/** An LMS registered by an admin (docs/LTI.md): what its messages must carry and where its services are. */
export interface LtiPlatform {
  id: string;
  name: string;
  /** The `iss` of its ID tokens. */
  issuer: string;
  /** Our client id at that platform: the `aud` of its ID tokens. */
  clientId: string;
  /** The deployments of our tool there; a launch from any other is refused. */
  deploymentIds: string[];
  /** OIDC authorization endpoint ("authentication request URL" in Moodle). */
  authLoginUrl: string;
  /** OAuth 2 token endpoint for the grade and roster services. */
  tokenUrl: string;
  /** The platform's public key set (JWKS). */
  keysetUrl: string;
  createdAt: number;
}

export type NewLtiPlatform = Omit<LtiPlatform, 'id' | 'createdAt'>;

const COLUMNS = `id, name, issuer, client_id AS clientId, deployment_ids AS deploymentIds,
  auth_login_url AS authLoginUrl, token_url AS tokenUrl, keyset_url AS keysetUrl, created_at AS createdAt`;

type Row = Omit<LtiPlatform, 'deploymentIds'> & { deploymentIds: string };
const fromRow = (r: Row | undefined): LtiPlatform | undefined =>
  r && { ...r, deploymentIds: JSON.parse(r.deploymentIds) as string[] };

export class LtiPlatformRepo {
  constructor(private readonly db: Db) {}

  /** undefined when (issuer, client id) is already registered. */
  create(p: NewLtiPlatform, now = Date.now()): LtiPlatform | undefined {
    const id = randomBytes(6).toString('hex');
    const res = this.db
      .prepare(
        `INSERT INTO lti_platforms (id, name, issuer, client_id, deployment_ids, auth_login_url, token_url,
           keyset_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, client_id) DO NOTHING`,
      )
      .run(
        id,
        p.name,
        p.issuer,
        p.clientId,
        JSON.stringify(p.deploymentIds),
        p.authLoginUrl,
        p.tokenUrl,
        p.keysetUrl,
        now,
      );
    return res.changes === 1 ? this.get(id) : undefined;
  }

  /** false when unknown or when the change would collide with another (issuer, client id). */
  update(id: string, p: NewLtiPlatform): boolean {
    try {
      const res = this.db
        .prepare(
          `UPDATE lti_platforms SET name = ?, issuer = ?, client_id = ?, deployment_ids = ?, auth_login_url = ?,
             token_url = ?, keyset_url = ? WHERE id = ?`,
        )
        .run(
          p.name,
          p.issuer,
          p.clientId,
          JSON.stringify(p.deploymentIds),
          p.authLoginUrl,
          p.tokenUrl,
          p.keysetUrl,
          id,
        );
      return res.changes === 1;
    } catch {
      return false;
    }
  }

  get(id: string): LtiPlatform | undefined {
    return fromRow(
      this.db.prepare(`SELECT ${COLUMNS} FROM lti_platforms WHERE id = ?`).get(id) as Row | undefined,
    );
  }

  /** The platforms an issuer has (one per client id); `clientId` narrows to one. */
  byIssuer(issuer: string, clientId?: string): LtiPlatform[] {
    const rows = (
      clientId === undefined
        ? this.db.prepare(`SELECT ${COLUMNS} FROM lti_platforms WHERE issuer = ?`).all(issuer)
        : this.db
            .prepare(`SELECT ${COLUMNS} FROM lti_platforms WHERE issuer = ? AND client_id = ?`)
            .all(issuer, clientId)
    ) as Row[];
    return rows.map((r) => fromRow(r)!);
  }

  list(): LtiPlatform[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM lti_platforms ORDER BY created_at`).all() as Row[];
    return rows.map((r) => fromRow(r)!);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM lti_platforms WHERE id = ?').run(id).changes === 1;
  }
}
