// Grades to the LMS (LTI AGS) on the real Docker Engine: a learner launched from the platform passes an
// exercise in a real lab with a real check, and the platform's line items get the scores (per exercise and
// per course), through an access token our signed client assertion earned. A failed post is kept, shown to
// the trainer with its error, and sent again on the trainer's retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solution, userWithRole } from '../support/classes-support.js';
import {
  formOf,
  ROLES,
  startLtiPlatform,
  type LaunchSpec,
  type TestLtiPlatform,
} from '../support/lti-platform.js';
import { TestBrowser } from '../support/oidc-provider.js';
import { startTestServer, type TestServer } from '../support/server.js';

const COURSE = 'premiers-pas';
const CONTEXT = { id: 'moodle-7', title: 'Linux S1' };
const LEA = { sub: 'lea-sub', name: 'Léa Martin', roles: [ROLES.learner] };
const TOM = { sub: 'tom-sub', name: 'Tom Prof', roles: [ROLES.instructor] };

let lms: TestLtiPlatform;
let server: TestServer;

async function launch(spec: LaunchSpec, browser = new TestBrowser()) {
  const start = await browser.request(lms.initiation(spec));
  const auth = await browser.request(start.headers.get('location')!);
  const form = formOf(await auth.text(), lms.issuer);
  const res = await browser.request(form.action, { form: form.fields });
  expect(res.status).toBe(303);
  return browser;
}

/** JSON calls with a browser's session cookie. */
function api(browser: TestBrowser) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        cookie: `atelier_sid=${browser.cookie('atelier_sid')}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };
}

beforeAll(async () => {
  lms = await startLtiPlatform();
  server = await startTestServer();
  lms.useTool({ origin: server.url });
  const { client: admin } = await userWithRole(server, 'ada', 'admin');
  expect((await admin.post('/api/admin/lti/platforms', lms.registration)).status).toBe(201);
});

afterAll(async () => {
  await server?.close();
  await lms?.close();
});

describe('grades to the LMS (Docker)', () => {
  let lea: ReturnType<typeof api>;
  let tom: ReturnType<typeof api>;
  let labId = '';
  let classId = '';
  const sh = (script: string) => server.runtime.exec(labId, ['bash', '-s'], { stdin: script });

  beforeAll(async () => {
    const item = { scoreMaximum: 10, label: 'Atelier' };
    // One activity grades an exercise, another the whole course; Léa launched both.
    const browser = await launch({
      user: LEA,
      context: CONTEXT,
      resourceLinkId: 'ex-dossiers',
      custom: { course: COURSE, exercise: 'dossiers' },
      lineItem: item,
    });
    await launch(
      { user: LEA, context: CONTEXT, resourceLinkId: 'whole', custom: { course: COURSE }, lineItem: item },
      browser,
    );
    lea = api(browser);
    tom = api(await launch({ user: TOM, context: CONTEXT, custom: { course: COURSE } }));
    classId = ((await tom('GET', '/api/classes')).body as { id: string; name: string }[]).find(
      (c) => c.name === CONTEXT.title,
    )!.id;
    const lab = await lea('POST', '/api/labs', { courseId: COURSE });
    expect(lab.status).toBe(200);
    labId = lab.body.id;
  });

  it('a pass posts the exercise’s score and the course’s, with a token our signed assertion earned', async () => {
    expect((await sh(solution(COURSE, 'dossiers'))).exitCode).toBe(0);
    const check = await lea('POST', `/api/labs/${labId}/check`, { exerciseId: 'dossiers' });
    expect(check.body.passed).toBe(true);
    await server.app.lti.flushGrades();
    const total = (await lea('GET', `/api/courses/${COURSE}`)).body.exercises.length as number;
    expect(lms.scores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          lineItemId: `${CONTEXT.id}-ex-dossiers`,
          userId: LEA.sub,
          scoreGiven: 1,
          scoreMaximum: 1,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        }),
        expect.objectContaining({
          lineItemId: `${CONTEXT.id}-whole`,
          userId: LEA.sub,
          scoreGiven: 1,
          scoreMaximum: total,
          activityProgress: 'InProgress',
        }),
      ]),
    );
    expect(lms.scores).toHaveLength(2);
    const jwks = (await (await fetch(`${server.url}/api/lti/jwks`)).json()) as { keys: { kid: string }[] };
    expect(lms.tokenRequests.at(-1)).toEqual({
      kid: jwks.keys[0]!.kid,
      scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    });
    const view = await tom('GET', `/api/classes/${classId}/lti`);
    expect(
      (view.body.scores as { state: string; learner: string }[]).map((s) => [s.state, s.learner]),
    ).toEqual([
      ['sent', LEA.name],
      ['sent', LEA.name],
    ]);
  });

  it('a failed post stays queued, visible to the trainer with its error, and goes on the trainer’s retry', async () => {
    lms.failScores(503);
    expect((await sh(solution(COURSE, 'fichiers'))).exitCode).toBe(0);
    expect((await lea('POST', `/api/labs/${labId}/check`, { exerciseId: 'fichiers' })).body.passed).toBe(
      true,
    );
    await server.app.lti.flushGrades();
    expect(lms.scores).toHaveLength(2);
    type Row = { id: number; state: string; lastError: string; attempts: number; scoreGiven: number };
    const failed = ((await tom('GET', `/api/classes/${classId}/lti`)).body.scores as Row[]).filter(
      (s) => s.state === 'failed',
    );
    expect(failed).toEqual([expect.objectContaining({ attempts: 1, scoreGiven: 2 })]);
    expect(failed[0]!.lastError).toContain('503');
    // A learner cannot retry; the trainer can once the platform is back.
    expect((await lea('POST', `/api/classes/${classId}/lti/scores/${failed[0]!.id}/retry`)).status).toBe(404);
    lms.failScores(null);
    const retried = await tom('POST', `/api/classes/${classId}/lti/scores/${failed[0]!.id}/retry`);
    expect(retried.body).toEqual({ state: 'sent' });
    expect(lms.scores.at(-1)).toMatchObject({ lineItemId: `${CONTEXT.id}-whole`, scoreGiven: 2 });
  });
});
