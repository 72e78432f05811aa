// LTI 1.3 through the real server (FakeRuntime, no Docker) and a platform emulator on loopback speaking the
// real messages: registration by the admin, our key set and its rotation, launches as learner and
// instructor (account by sub, class of the LMS course, landing page), every refused launch leaving nothing
// behind, the platform's key rotation, deep linking verified by the platform, and the roster import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import {
  formOf,
  ROLES,
  startLtiPlatform,
  type LaunchSpec,
  type TestLtiPlatform,
} from '../support/lti-platform.js';
import { TestBrowser } from '../support/oidc-provider.js';
import { httpClient, startTestServer, type AnyTestServer } from '../support/server.js';

const COURSE = 'premiers-pas';
let lms: TestLtiPlatform;
let server: AnyTestServer;
let admin: ReturnType<typeof httpClient>;
let platformId: string;

const learner = (sub: string, name: string) => ({
  sub,
  name,
  email: `${sub}@univ.example`,
  roles: [ROLES.learner],
});
const instructor = (sub: string, name: string) => ({ sub, name, roles: [ROLES.instructor] });
const CONTEXT = { id: 'moodle-course-42', title: 'Administration Linux L3' };

beforeAll(async () => {
  lms = await startLtiPlatform();
  server = await startTestServer({ runtime: new FakeRuntime() });
  lms.useTool({ origin: server.url });
  ({ client: admin } = await userWithRole(server, 'ada', 'admin'));
  const res = await admin.post('/api/admin/lti/platforms', lms.registration);
  expect(res.status).toBe(201);
  platformId = res.body.id;
});

afterAll(async () => {
  await server?.close();
  await lms?.close();
});

/** The LMS's trip: login initiation → the platform's auth endpoint → its form_post to our launch. */
async function launch(spec: LaunchSpec, browser = new TestBrowser()) {
  const start = await browser.request(lms.initiation(spec));
  expect(start.status).toBe(302);
  const auth = await browser.request(start.headers.get('location')!);
  expect(auth.status).toBe(200);
  const form = formOf(await auth.text(), lms.issuer);
  expect(form.action).toBe(`${server.url}/api/lti/launch`);
  const res = await browser.request(form.action, { form: form.fields });
  return { res, browser, form };
}

const me = async (browser: TestBrowser) => {
  const res = await browser.request(`${server.url}/api/me`);
  return res.status === 200
    ? ((await res.json()) as { id: string; username: string; role: string })
    : undefined;
};
const userCount = async () => {
  const res = await admin.get('/api/admin/users');
  return (Array.isArray(res.body) ? res.body : res.body.users).length as number;
};

describe('registration and our keys', () => {
  it('an admin registers a platform and reads the values to paste into the LMS; others cannot', async () => {
    const list = await admin.get('/api/admin/lti/platforms');
    expect(list.status).toBe(200);
    expect(list.body.tool).toMatchObject({
      loginUrl: `${server.url}/api/lti/login`,
      toolUrl: `${server.url}/api/lti/launch`,
      keysetUrl: `${server.url}/api/lti/jwks`,
    });
    expect(list.body.platforms).toEqual([expect.objectContaining({ id: platformId, issuer: lms.issuer })]);
    expect((await admin.post('/api/admin/lti/platforms', lms.registration)).body.error.reason).toBe(
      'platform-taken',
    );
    const bad = await admin.post('/api/admin/lti/platforms', { ...lms.registration, tokenUrl: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.params).toEqual({ tokenUrl: 'invalid' });
    const { client: tom } = await userWithRole(server, 'tom', 'trainer');
    expect((await tom.get('/api/admin/lti/platforms')).status).toBe(403);
    expect((await httpClient(server.url).get('/api/admin/lti/platforms')).status).toBe(401);
  });

  it('serves our key set; a rotation signs with a new key and keeps the previous one published', async () => {
    const before = (await httpClient(server.url).get('/api/lti/jwks')).body.keys as {
      kid: string;
      d?: string;
    }[];
    expect(before).toHaveLength(1);
    expect(before[0]!.d).toBeUndefined(); // never the private part
    const rotated = await admin.post('/api/admin/lti/keys/rotate');
    expect(rotated.status).toBe(201);
    const after = (await httpClient(server.url).get('/api/lti/jwks')).body.keys as { kid: string }[];
    expect(after.map((k) => k.kid)).toEqual([rotated.body.kid, before[0]!.kid]);
    const listed = (await admin.get('/api/admin/lti/keys')).body as {
      kid: string;
      retiredAt: number | null;
    }[];
    expect(listed.find((k) => k.kid === before[0]!.kid)?.retiredAt).toEqual(expect.any(Number));
  });
});

describe('launch', () => {
  it('a learner lands on the exercise, signed in to an account made for their sub, in the LMS course’s class', async () => {
    const { res, browser } = await launch({
      user: learner('s-1001', 'Léa Martin'),
      context: CONTEXT,
      custom: { course: COURSE, exercise: 'dossiers' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/courses/${COURSE}?ex=dossiers`);
    const lea = await me(browser);
    expect(lea).toMatchObject({ role: 'learner' });
    const identity = server.app.repos.users.findById(lea!.id);
    expect(identity).toBeDefined();
    const classes = (await admin.get('/api/classes')).body as { id: string; name: string }[];
    const cls = classes.find((c) => c.name === CONTEXT.title);
    expect(cls).toBeDefined();
    const detail = (await admin.get(`/api/classes/${cls!.id}`)).body;
    expect(detail.courseIds ?? detail.courses?.map((c: { id: string }) => c.id)).toContain(COURSE);
    // A second launch finds the same account (by sub, never by name) and the same class.
    const again = await launch({
      user: learner('s-1001', 'Léa M.'),
      context: CONTEXT,
      custom: { course: COURSE },
    });
    expect(again.res.headers.get('location')).toBe(`/courses/${COURSE}`);
    expect((await me(again.browser))?.id).toBe(lea!.id);
    const after = (await admin.get('/api/classes')).body as { name: string }[];
    expect(after.filter((c) => c.name === CONTEXT.title)).toHaveLength(1);
  });

  it('an instructor becomes a trainer of that class; a target link URI of ours lands on the course', async () => {
    const { res, browser } = await launch({
      user: instructor('t-77', 'Tom Prof'),
      context: CONTEXT,
      targetLinkUri: `${server.url}/courses/${COURSE}?ex=fichiers`,
    });
    expect(res.headers.get('location')).toBe(`/courses/${COURSE}?ex=fichiers`);
    expect((await me(browser))?.role).toBe('trainer');
    const mine = await browser.request(`${server.url}/api/classes`);
    const classes = (await mine.json()) as { id: string; name: string }[];
    expect(classes.map((c) => c.name)).toContain(CONTEXT.title);
  });

  it.each(['signature', 'audience', 'expired', 'deployment', 'issuer', 'nonce'] as const)(
    'a token with a bad %s is refused and nothing is created',
    async (tamper) => {
      const users = await userCount();
      const { res, browser } = await launch({
        user: learner(`bad-${tamper}`, 'Mallory'),
        context: { id: `evil-${tamper}`, title: 'Evil' },
        tamper,
      });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('data-reason="lti-refused"');
      expect(await me(browser)).toBeUndefined();
      expect(await userCount()).toBe(users);
      const classes = (await admin.get('/api/classes')).body as { name: string }[];
      expect(classes.map((c) => c.name)).not.toContain('Evil');
    },
  );

  it('a replayed form post (same state, same nonce) is refused', async () => {
    const { res, form } = await launch({ user: learner('s-2002', 'Rémi Rejoue'), context: CONTEXT });
    expect(res.status).toBe(303);
    const users = await userCount();
    const replay = new TestBrowser();
    const again = await replay.request(form.action, { form: form.fields });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-reason="lti-expired"');
    expect(await me(replay)).toBeUndefined();
    expect(await userCount()).toBe(users);
  });

  it('a login initiation from an unknown issuer goes nowhere', async () => {
    const browser = new TestBrowser();
    const url = new URL(lms.initiation({ user: learner('x', 'X') }));
    url.searchParams.set('iss', 'https://unknown.example');
    const res = await browser.request(url.href);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('data-reason="unknown-platform"');
  });

  it('the platform rotates its key: the next launch is verified with the new kid', async () => {
    const kid = await lms.rotateKey();
    expect(lms.currentKid()).toBe(kid);
    const { res } = await launch({ user: learner('s-3003', 'Zoé Lefèvre'), context: CONTEXT });
    expect(res.status).toBe(303);
  });

  it('a cross-site POST to the launch is let through the origin guard, but other API posts are not', async () => {
    const res = await fetch(`${server.url}/api/lti/launch`, {
      method: 'POST',
      headers: { origin: lms.issuer, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'state=nope&id_token=x',
    });
    expect(res.status).toBe(400); // reached the route: an unknown state
    const other = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { origin: lms.issuer },
    });
    expect(other.status).toBe(403);
  });
});

describe('deep linking', () => {
  it('the teacher picks an exercise; the platform verifies our signed response and gets a resource link with a line item', async () => {
    const { res, browser } = await launch({
      user: instructor('t-77', 'Tom Prof'),
      context: CONTEXT,
      kind: 'deep-linking',
    });
    expect(res.status).toBe(303);
    const pickerUrl = `${server.url}${res.headers.get('location')}`;
    const picker = await browser.request(pickerUrl);
    expect(picker.status).toBe(200);
    expect(picker.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${lms.issuer}`);
    const html = await picker.text();
    expect(html).toContain(`value="${COURSE}/dossiers"`);
    const answer = await browser.request(pickerUrl, { form: { item: `${COURSE}/dossiers` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain(`form-action 'self' ${lms.issuer}`);
    const back = formOf(await answer.text(), server.url);
    expect(back.action).toBe(`${lms.issuer}/deep-link-return`);
    const posted = await browser.request(back.action, { form: back.fields });
    expect(posted.status).toBe(200);
    const item = lms.deepLinkReturns.at(-1)!;
    expect(item.data).toBe('opaque-platform-data');
    expect(item.contentItems).toEqual([
      expect.objectContaining({
        type: 'ltiResourceLink',
        url: `${server.url}/courses/${COURSE}?ex=dossiers`,
        custom: { course: COURSE, exercise: 'dossiers' },
        lineItem: expect.objectContaining({ scoreMaximum: 1 }),
      }),
    ]);
    // Single use: the picker is gone once answered.
    expect((await browser.request(pickerUrl)).status).toBe(400);
  });
});

describe('names and roles', () => {
  it('a trainer imports the LMS roster; accounts are made by sub and found again at their launch', async () => {
    lms.setMembers(CONTEXT.id, [
      instructor('t-77', 'Tom Prof'),
      learner('s-1001', 'Léa Martin'),
      learner('s-4004', 'Nina Nouvelle'),
    ]);
    const { browser } = await launch({ user: instructor('t-77', 'Tom Prof'), context: CONTEXT });
    const classes = (await (await browser.request(`${server.url}/api/classes`)).json()) as {
      id: string;
      name: string;
    }[];
    const cls = classes.find((c) => c.name === CONTEXT.title)!;
    const info = await browser.request(`${server.url}/api/classes/${cls.id}/lti`);
    expect(await info.json()).toMatchObject({ linked: true, canImportRoster: true });
    const before = (await admin.get(`/api/classes/${cls.id}`)).body.learnerCount as number;
    const imported = await browser.request(`${server.url}/api/classes/${cls.id}/lti/roster`, {
      method: 'POST',
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ members: 3, trainers: 1, learners: 2 });
    expect(lms.tokenRequests.at(-1)?.scope).toContain('contextmembership.readonly');
    // Léa was in the class already; Nina is new.
    expect((await admin.get(`/api/classes/${cls.id}`)).body.learnerCount).toBe(before + 1);
    const users = await userCount();
    const nina = await launch({ user: learner('s-4004', 'Nina Nouvelle'), context: CONTEXT });
    expect(nina.res.status).toBe(303);
    expect(await userCount()).toBe(users);
    // A learner of the class cannot import or read the grades.
    expect((await nina.browser.request(`${server.url}/api/classes/${cls.id}/lti`)).status).toBe(404);
  });
});

describe('changing and removing a platform', () => {
  it('an edit of the deployments takes effect at the next launch; a removed platform’s launches go nowhere', async () => {
    const edited = await admin.patch(`/api/admin/lti/platforms/${platformId}`, {
      deploymentIds: ['another-deployment'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.deploymentIds).toEqual(['another-deployment']);
    expect((await launch({ user: learner('s-5005', 'Paul') })).res.status).toBe(401);
    await admin.patch(`/api/admin/lti/platforms/${platformId}`, { deploymentIds: [lms.deploymentId] });
    expect((await launch({ user: learner('s-5005', 'Paul') })).res.status).toBe(303);
    expect((await admin.del(`/api/admin/lti/platforms/${platformId}`)).status).toBe(204);
    const browser = new TestBrowser();
    const res = await browser.request(lms.initiation({ user: learner('s-5005', 'Paul') }));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('data-reason="unknown-platform"');
    expect((await admin.del(`/api/admin/lti/platforms/${platformId}`)).body.error.reason).toBe(
      'unknown-platform',
    );
  });
});
