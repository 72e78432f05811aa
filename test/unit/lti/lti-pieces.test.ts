// The LTI pieces without a network: our keys and their rotation, login states, where a launch lands, the
// score queue's backoff and supersession, and the picker's HTML escaping.
import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { launchTarget } from '../../../server/lti/launch-target.js';
import { CLAIM, teaches, type ResourceLinkLaunch } from '../../../server/lti/lti-claims.js';
import { MAX_ATTEMPTS, nextDelay } from '../../../server/lti/lti-grades.js';
import { LtiStates, STATE_TTL_MS } from '../../../server/lti/lti-states.js';
import { pickerPage } from '../../../server/lti/picker-page.js';
import { KEY_MAX_AGE_MS, KEY_OVERLAP_MS, ToolKeys } from '../../../server/lti/tool-keys.js';
import { openDatabase } from '../../../server/store/database.js';
import { LtiKeyRepo } from '../../../server/store/lti-key-repo.js';

describe('ToolKeys', () => {
  it('signs with the current key, publishes the previous one after a rotation, forgets it after the overlap', async () => {
    const keys = new ToolKeys(new LtiKeyRepo(openDatabase(':memory:')));
    const first = await keys.current();
    const token = await keys.sign({ iss: 'tool', aud: 'lms' });
    const t0 = Date.now();
    const second = await keys.rotate(t0);
    expect((await keys.current()).kid).toBe(second);
    const set = await keys.jwks(t0);
    expect(set.keys.map((k) => k.kid)).toEqual([second, first.kid]);
    expect(set.keys.every((k) => k.d === undefined && k.p === undefined)).toBe(true);
    // A token signed by the previous key still verifies against the published set.
    const { protectedHeader } = await jose.jwtVerify(token, jose.createLocalJWKSet(set), { audience: 'lms' });
    expect(protectedHeader.kid).toBe(first.kid);
    expect((await keys.jwks(t0 + KEY_OVERLAP_MS + 1)).keys.map((k) => k.kid)).toEqual([second]);
  });

  it('replaces a key older than KEY_MAX_AGE_MS at its next use', async () => {
    const keys = new ToolKeys(new LtiKeyRepo(openDatabase(':memory:')));
    const t0 = Date.now();
    const first = await keys.current(t0);
    expect((await keys.current(t0 + KEY_MAX_AGE_MS - 1)).kid).toBe(first.kid);
    const next = await keys.current(t0 + KEY_MAX_AGE_MS);
    expect(next.kid).not.toBe(first.kid);
    expect((await keys.jwks(t0 + KEY_MAX_AGE_MS)).keys.map((k) => k.kid)).toEqual([next.kid, first.kid]);
  });
});

describe('LtiStates', () => {
  it('serves a state once, refuses a different browser value, and expires', () => {
    const states = new LtiStates();
    const a = states.add('p1', 1_000);
    expect(states.take(a.state, a.browser, 2_000)?.nonce).toBe(a.nonce);
    expect(states.take(a.state, a.browser, 2_000)).toBeUndefined();
    const b = states.add('p1', 1_000);
    expect(states.take(b.state, 'another browser', 2_000)).toBeUndefined();
    expect(states.take(b.state, b.browser, 2_000)).toBeUndefined(); // gone after the failed try
    const c = states.add('p1', 1_000);
    expect(states.take(c.state, c.browser, 1_000 + STATE_TTL_MS)).toBeUndefined();
  });
});

describe('launchTarget', () => {
  const registry = {
    has: (c: string, e?: string) => c === 'premiers-pas' && (e === undefined || e === 'dossiers'),
  } as unknown as CourseRegistry;
  const claims = (over: Partial<Record<string, unknown>>) =>
    ({ [CLAIM.targetLinkUri]: 'https://lms.example/', ...over }) as unknown as ResourceLinkLaunch;
  const origin = 'https://atelier.example';

  it('reads the custom parameters first, then a target link URI of ours, else the course list', () => {
    expect(
      launchTarget(
        registry,
        claims({ [CLAIM.custom]: { course: 'premiers-pas', exercise: 'dossiers' } }),
        origin,
      ),
    ).toEqual({
      path: '/courses/premiers-pas?ex=dossiers',
      courseId: 'premiers-pas',
      exerciseId: 'dossiers',
    });
    expect(
      launchTarget(
        registry,
        claims({ [CLAIM.targetLinkUri]: `${origin}/courses/premiers-pas?ex=dossiers` }),
        origin,
      ).path,
    ).toBe('/courses/premiers-pas?ex=dossiers');
    expect(
      launchTarget(
        registry,
        claims({ [CLAIM.targetLinkUri]: `https://evil.example/courses/premiers-pas` }),
        origin,
      ),
    ).toEqual({ path: '/' });
    expect(launchTarget(registry, claims({ [CLAIM.custom]: { course: 'inconnu' } }), origin)).toEqual({
      path: '/',
    });
    expect(
      launchTarget(registry, claims({ [CLAIM.custom]: { course: 'premiers-pas', exercise: 'x' } }), origin),
    ).toEqual({
      path: '/courses/premiers-pas',
      courseId: 'premiers-pas',
      exerciseId: undefined,
    });
  });
});

describe('roles and backoff', () => {
  it('an Instructor (or a sub-role of it) teaches; a Learner or a mentor does not', () => {
    expect(teaches(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'])).toBe(true);
    expect(teaches(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor#TeachingAssistant'])).toBe(
      true,
    );
    expect(teaches(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'])).toBe(false);
    expect(teaches(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'])).toBe(false);
  });

  it('waits longer after each failure, up to an hour, and stops after MAX_ATTEMPTS', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => nextDelay(i + 1));
    expect(delays.slice(0, 3)).toEqual([30_000, 60_000, 120_000]);
    expect(delays.at(-1)).toBeNull();
    expect(delays.filter((d): d is number => d !== null).every((d) => d <= 3_600_000)).toBe(true);
  });
});

describe('pickerPage', () => {
  it('escapes course titles', () => {
    const html = pickerPage('fr', '/api/lti/deep-link/x', [
      {
        id: 'c',
        order: 1,
        title: '<script>alert(1)</script>',
        description: '',
        exercises: [{ id: 'e', title: '"x"' }],
      },
    ]);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('value="c/e"');
  });
});
