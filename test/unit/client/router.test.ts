import { describe, expect, it } from 'vitest';
import { isSafeNext, parseRoute } from '../../../client/src/lib/router.js';

describe('parseRoute', () => {
  it('maps the three routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'courses' });
    expect(parseRoute('/courses/premiers-pas')).toEqual({ name: 'course', courseId: 'premiers-pas' });
    expect(parseRoute('/courses/premiers-pas/')).toEqual({ name: 'course', courseId: 'premiers-pas' });
    expect(parseRoute('/login')).toEqual({ name: 'login', next: undefined });
    expect(parseRoute('/nope/x')).toEqual({ name: 'not-found' });
    expect(parseRoute('/courses/%E0%A4%A')).toEqual({ name: 'not-found' });
  });

  it('keeps only same-site post-login targets', () => {
    expect(parseRoute('/login', '?next=%2Fcourses%2Fx')).toEqual({ name: 'login', next: '/courses/x' });
    expect(parseRoute('/login', '?next=//evil.example')).toEqual({ name: 'login', next: undefined });
    expect(parseRoute('/login', '?next=https://evil.example')).toEqual({ name: 'login', next: undefined });
    expect(isSafeNext('/\\evil.example')).toBe(false);
  });
});
