// An LTI 1.3 platform emulator on 127.0.0.1 for the LTI tests, speaking the real messages: its own RS256
// keys and key set, the OIDC third-party login (an auth endpoint that form_posts a signed ID token), a
// token endpoint that verifies OUR client assertion against OUR key set (jose), AGS line items and scores,
// NRPS memberships, and a deep-linking return that verifies OUR signed response. It records what it got.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as jose from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
export const ROLES = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
};

export interface PlatformUser {
  sub: string;
  name: string;
  email?: string;
  roles: string[];
}

export type LaunchTamper = 'signature' | 'audience' | 'expired' | 'deployment' | 'issuer' | 'nonce';

/** One launch the test asks for; the emulator keeps it under the lti_message_hint it sends. */
export interface LaunchSpec {
  user: PlatformUser;
  kind?: 'resource' | 'deep-linking';
  context?: { id: string; title: string };
  resourceLinkId?: string;
  targetLinkUri?: string;
  custom?: Record<string, string>;
  /** A line item for this resource link (AGS claim with `lineitem`). */
  lineItem?: { scoreMaximum: number; label: string };
  tamper?: LaunchTamper;
  locale?: string;
}

export interface RecordedScore {
  lineItemId: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
}

export interface TestLtiPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** What to register at the tool. */
  registration: {
    name: string;
    issuer: string;
    clientId: string;
    deploymentIds: string[];
    authLoginUrl: string;
    tokenUrl: string;
    keysetUrl: string;
  };
  /** The tool's URLs (its login initiation and its key set), known once the tool listens. */
  useTool(tool: { origin: string }): void;
  /** The login initiation URL the LMS would send a browser to, for this launch. */
  initiation(spec: LaunchSpec): string;
  /** A new platform key signs from now on; the key set serves the new and the previous key. */
  rotateKey(): Promise<string>;
  currentKid(): string;
  /** Members the NRPS endpoint lists for a context. */
  setMembers(contextId: string, members: PlatformUser[]): void;
  /** The next score posts answer this HTTP status (null: accept them). */
  failScores(status: number | null): void;
  scores: RecordedScore[];
  /** Verified client assertions seen at the token endpoint (their kid). */
  tokenRequests: { kid: string; scope: string }[];
  /** Deep-linking responses that passed verification: their content items. */
  deepLinkReturns: { contentItems: Record<string, unknown>[]; data?: string }[];
  /** Line items made for launches, by id. */
  lineItems: Map<string, { scoreMaximum: number; label: string }>;
  close(): Promise<void>;
}

interface Key {
  kid: string;
  privateKey: jose.CryptoKey;
  publicJwk: jose.JWK;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that posts `fields` to `action` by itself (as an LMS does). */
function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!doctype html><html><body><form id="f" method="post" action="${escapeHtml(action)}">${inputs}
<button type="submit">Continue</button></form><script>document.getElementById('f').submit()</script></body></html>`;
}

/** The form of an auto-posting page: its action and fields (for tests that post it themselves). */
export function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = m[2]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return { action: new URL(action.replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * `host`: the name in the platform's URLs; `localhost` makes it another site than a tool on 127.0.0.1, so a
 * browser treats its posts to the tool as cross-site (as a real LMS's are).
 */
export async function startLtiPlatform(opts: { host?: string } = {}): Promise<TestLtiPlatform> {
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const clientId = `atelier-${randomUUID().slice(0, 8)}`;
  const deploymentId = 'deployment-1';
  let keys = [await newKey()];
  let tool: { origin: string } | undefined;
  let toolKeys: ReturnType<typeof jose.createRemoteJWKSet> | undefined;
  let scoreFailure: number | null = null;
  const launches = new Map<string, LaunchSpec>();
  const members = new Map<string, PlatformUser[]>();
  const tokens = new Set<string>();
  const lineItems = new Map<string, { scoreMaximum: number; label: string }>();
  const scores: RecordedScore[] = [];
  const tokenRequests: { kid: string; scope: string }[] = [];
  const deepLinkReturns: { contentItems: Record<string, unknown>[]; data?: string }[] = [];
  const forger = await newKey();

  app.use(express.urlencoded({ extended: false }));
  app.use(express.json({ type: ['application/json', 'application/vnd.ims.lis.v1.score+json'] }));

  app.get('/jwks', (_req, res) => void res.json({ keys: keys.map((k) => k.publicJwk) }));

  // The OIDC authorization endpoint: checks the tool's request, then form_posts a signed ID token.
  app.get('/auth', async (req, res) => {
    const q = req.query as Record<string, string>;
    const spec = launches.get(q.lti_message_hint ?? '');
    const redirect = tool && `${tool.origin}/api/lti/launch`;
    const wrong = !spec
      ? 'unknown message hint'
      : q.client_id !== clientId
        ? 'client_id'
        : q.redirect_uri !== redirect
          ? 'redirect_uri'
          : q.response_type !== 'id_token' || q.response_mode !== 'form_post' || q.scope !== 'openid'
            ? 'response'
            : !q.nonce || !q.state
              ? 'state or nonce'
              : q.login_hint !== spec.user.sub
                ? 'login_hint'
                : undefined;
    if (wrong || !spec) return void res.status(400).send(`bad authentication request: ${wrong}`);
    const idToken = await signLaunch(spec, q.nonce!);
    res.type('html').send(autoPost(redirect!, { id_token: idToken, state: q.state! }));
  });

  async function signLaunch(spec: LaunchSpec, nonce: string): Promise<string> {
    const t = spec.tamper;
    const resourceLinkId = spec.resourceLinkId ?? 'link-1';
    let lineitem: string | undefined;
    if (spec.lineItem) {
      const id = `${spec.context?.id ?? 'none'}-${resourceLinkId}`;
      lineItems.set(id, spec.lineItem);
      lineitem = `${issuer}/lineitems/${encodeURIComponent(id)}?type=atelier`;
    }
    const common = {
      nonce: t === 'nonce' ? 'another-nonce' : nonce,
      sub: spec.user.sub,
      name: spec.user.name,
      email: spec.user.email,
      locale: spec.locale ?? 'fr-FR',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: t === 'deployment' ? 'unknown-deployment' : deploymentId,
      [`${LTI}roles`]: spec.user.roles,
      ...(spec.context ? { [`${LTI}context`]: spec.context } : {}),
      ...(spec.custom ? { [`${LTI}custom`]: spec.custom } : {}),
      ...(spec.context
        ? {
            'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
              context_memberships_url: `${issuer}/memberships/${encodeURIComponent(spec.context.id)}`,
              service_versions: ['2.0'],
            },
          }
        : {}),
    };
    const claims =
      spec.kind === 'deep-linking'
        ? {
            ...common,
            [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
            [`${DL}deep_linking_settings`]: {
              deep_link_return_url: `${issuer}/deep-link-return`,
              accept_types: ['ltiResourceLink'],
              accept_presentation_document_targets: ['iframe', 'window'],
              accept_multiple: false,
              data: 'opaque-platform-data',
            },
          }
        : {
            ...common,
            [`${LTI}message_type`]: 'LtiResourceLinkRequest',
            [`${LTI}resource_link`]: { id: resourceLinkId },
            [`${LTI}target_link_uri`]: spec.targetLinkUri ?? `${tool!.origin}/`,
            ...(lineitem
              ? {
                  'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
                    scope: [
                      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
                      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
                    ],
                    lineitem,
                    lineitems: `${issuer}/lineitems`,
                  },
                }
              : {}),
          };
    const key = keys[keys.length - 1]!;
    const signWith = t === 'signature' ? forger.privateKey : key.privateKey;
    const now = Math.floor(Date.now() / 1000);
    return new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(t === 'issuer' ? 'https://elsewhere.example' : issuer)
      .setAudience(t === 'audience' ? 'someone-else' : clientId)
      .setIssuedAt(t === 'expired' ? now - 7200 : now)
      .setExpirationTime(t === 'expired' ? now - 3600 : now + 300)
      .sign(signWith);
  }

  // client_credentials with OUR signed client assertion, verified against OUR key set.
  app.post('/token', async (req, res) => {
    const body = req.body as Record<string, string>;
    if (
      body.grant_type !== 'client_credentials' ||
      body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      !toolKeys
    )
      return void res.status(400).json({ error: 'invalid_request' });
    try {
      const { protectedHeader } = await jose.jwtVerify(body.client_assertion ?? '', toolKeys, {
        issuer: clientId,
        subject: clientId,
        audience: `${issuer}/token`,
        algorithms: ['RS256'],
        requiredClaims: ['jti', 'exp', 'iat'],
      });
      tokenRequests.push({ kid: protectedHeader.kid ?? '', scope: body.scope ?? '' });
    } catch {
      return void res.status(401).json({ error: 'invalid_client' });
    }
    const token = randomUUID();
    tokens.add(token);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: body.scope });
  });

  const authorized = (req: express.Request) =>
    tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));

  app.post('/lineitems/:id/scores', (req, res) => {
    if (!authorized(req)) return void res.status(401).end();
    if (scoreFailure !== null) return void res.status(scoreFailure).json({ error: 'failing on purpose' });
    const id = String(req.params.id);
    if (!lineItems.has(id)) return void res.status(404).end();
    const b = req.body as Omit<RecordedScore, 'lineItemId'>;
    scores.push({
      lineItemId: id,
      userId: b.userId,
      scoreGiven: b.scoreGiven,
      scoreMaximum: b.scoreMaximum,
      activityProgress: b.activityProgress,
      gradingProgress: b.gradingProgress,
    });
    res.status(200).json({});
  });

  app.get('/memberships/:contextId', (req, res) => {
    if (!authorized(req)) return void res.status(401).end();
    const list = members.get(String(req.params.contextId)) ?? [];
    res.type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json').json({
      id: req.originalUrl,
      context: { id: req.params.contextId },
      members: list.map((m) => ({
        status: 'Active',
        user_id: m.sub,
        name: m.name,
        email: m.email,
        roles: m.roles,
      })),
    });
  });

  // Deep linking: OUR response, verified with OUR key set before its items count.
  app.post('/deep-link-return', async (req, res) => {
    try {
      const { payload } = await jose.jwtVerify(
        String((req.body as Record<string, string>).JWT ?? ''),
        toolKeys!,
        {
          issuer: clientId,
          audience: issuer,
          algorithms: ['RS256'],
        },
      );
      if (
        payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse' ||
        payload[`${LTI}deployment_id`] !== deploymentId
      )
        throw new Error('not a deep-linking response for this deployment');
      deepLinkReturns.push({
        contentItems: payload[`${DL}content_items`] as Record<string, unknown>[],
        data: payload[`${DL}data`] as string | undefined,
      });
      res.type('html').send('<!doctype html><html><body><h1>Activité ajoutée</h1></body></html>');
    } catch (err) {
      res.status(400).send(`refused: ${(err as Error).message}`);
    }
  });

  return {
    issuer,
    clientId,
    deploymentId,
    registration: {
      name: 'Moodle de test',
      issuer,
      clientId,
      deploymentIds: [deploymentId],
      authLoginUrl: `${issuer}/auth`,
      tokenUrl: `${issuer}/token`,
      keysetUrl: `${issuer}/jwks`,
    },
    useTool(t) {
      tool = t;
      toolKeys = jose.createRemoteJWKSet(new URL(`${t.origin}/api/lti/jwks`), { cooldownDuration: 0 });
    },
    initiation(spec) {
      const hint = randomUUID();
      launches.set(hint, spec);
      const q = new URLSearchParams({
        iss: issuer,
        login_hint: spec.user.sub,
        target_link_uri: spec.targetLinkUri ?? `${tool!.origin}/`,
        lti_message_hint: hint,
        client_id: clientId,
        lti_deployment_id: deploymentId,
      });
      return `${tool!.origin}/api/lti/login?${q}`;
    },
    async rotateKey() {
      const next = await newKey();
      keys = [keys[keys.length - 1]!, next];
      return next.kid;
    },
    currentKid: () => keys[keys.length - 1]!.kid,
    setMembers: (contextId, list) => void members.set(contextId, list),
    failScores(status) {
      scoreFailure = status;
    },
    scores,
    tokenRequests,
    deepLinkReturns,
    lineItems,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
