// The client's route table: URLs → routes, who sees what, the header links, where a login goes.
import type { TemplateResult } from 'lit';
import { describe, expect, it } from 'vitest';
import { parseRoute, ROUTES, type Route } from '../../../client/src/components/app/routes.js';
import {
  afterLogin,
  allows,
  isPublic,
  loggedInRedirect,
  navLinks,
  renderRoute,
} from '../../../client/src/lib/route-table.js';
import { isSafeNext } from '../../../client/src/lib/router.js';
import type { Role } from '../../../client/src/lib/types.js';

const nav = (role: Role, at: Route) =>
  navLinks(ROUTES, role, at).map((l) => `${l.href}${l.current ? ' (current)' : ''}`);
const tagOf = (r: Route) => (renderRoute(ROUTES, r, {}) as TemplateResult).strings.join('${}');

describe('parseRoute', () => {
  it('maps the learner routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'courses' });
    expect(parseRoute('/courses/premiers-pas')).toEqual({ name: 'course', courseId: 'premiers-pas' });
    expect(parseRoute('/courses/premiers-pas/')).toEqual({ name: 'course', courseId: 'premiers-pas' });
    expect(parseRoute('/courses/caf%C3%A9')).toEqual({ name: 'course', courseId: 'café' });
    expect(parseRoute('/login')).toEqual({ name: 'login', next: undefined, local: false });
    expect(parseRoute('/nope/x')).toEqual({ name: 'not-found' });
    expect(parseRoute('/courses/%E0%A4%A')).toEqual({ name: 'not-found' });
  });

  it('routes the class pages, joining, setup and the admin page', () => {
    expect(parseRoute('/classes')).toEqual({ name: 'classes' });
    expect(parseRoute('/classes/0123456789abcdef')).toEqual({ name: 'class', classId: '0123456789abcdef' });
    expect(parseRoute('/classes/../etc')).toEqual({ name: 'not-found' });
    expect(parseRoute('/join/NGINX-4821')).toEqual({ name: 'join', code: 'NGINX-4821' });
    expect(parseRoute('/join')).toEqual({ name: 'join' });
    expect(parseRoute('/join/%E0%A4%A')).toEqual({ name: 'join', code: undefined });
    expect(parseRoute('/setup', '?token=abc')).toEqual({ name: 'setup', token: 'abc' });
    expect(parseRoute('/setup')).toEqual({ name: 'setup', token: undefined });
    expect(parseRoute('/admin/users')).toEqual({ name: 'users' });
  });

  it('keeps only same-site post-login targets', () => {
    expect(parseRoute('/login', '?next=%2Fcourses%2Fx')).toMatchObject({ name: 'login', next: '/courses/x' });
    expect(parseRoute('/login', '?next=//evil.example')).toMatchObject({ name: 'login', next: undefined });
    expect(parseRoute('/login', '?next=https://evil.example')).toMatchObject({
      name: 'login',
      next: undefined,
    });
    expect(isSafeNext('/\\evil.example')).toBe(false);
  });

  it('gives the login and join pages a provider’s refusal and the administrators’ local form', () => {
    expect(parseRoute('/login', '?sso-error=sso-expired&provider=univ')).toEqual({
      name: 'login',
      ssoError: 'sso-expired',
      provider: 'univ',
      local: false,
    });
    expect(parseRoute('/login', '?local=1&next=%2Fadmin%2Fusers')).toEqual({
      name: 'login',
      next: '/admin/users',
      local: true,
    });
    expect(parseRoute('/join/NGINX-4821', '?sso-error=sso-unavailable&provider=univ')).toEqual({
      name: 'join',
      code: 'NGINX-4821',
      ssoError: 'sso-unavailable',
      provider: 'univ',
    });
    expect(parseRoute('/join', '?sso-error=sso-denied')).toEqual({ name: 'join', ssoError: 'sso-denied' });
  });
});

describe('route table', () => {
  it('shows login, join and setup without a session; the rest needs one', () => {
    const names = Object.keys(ROUTES) as Route['name'][];
    const publicOnes = names.filter((name) => isPublic(ROUTES, { name } as Route));
    expect(publicOnes.sort()).toEqual(['join', 'login', 'setup', 'workshopVisitor']);
  });

  it('closes trainer and admin pages to the roles below them', () => {
    const at = (name: Route['name']) => ({ name, classId: '0123456789abcdef' }) as Route;
    expect(allows(ROUTES, at('classes'), 'learner')).toBe(false);
    expect(allows(ROUTES, at('class'), 'learner')).toBe(false);
    expect(allows(ROUTES, at('users'), 'trainer')).toBe(false);
    expect(allows(ROUTES, at('classes'), 'trainer')).toBe(true);
    expect(allows(ROUTES, at('users'), 'admin')).toBe(true);
    expect(allows(ROUTES, at('courses'), 'learner')).toBe(true);
    expect(allows(ROUTES, at('join'), 'learner')).toBe(true);
  });

  it('links each role to its pages, in order, and marks the current one', () => {
    expect(nav('learner', { name: 'courses' })).toEqual(['/ (current)']);
    expect(nav('learner', { name: 'classes' })).toEqual(['/']);
    expect(nav('trainer', { name: 'class', classId: '0123456789abcdef' })).toEqual([
      '/',
      '/classes (current)',
    ]);
    expect(nav('admin', { name: 'users' })).toEqual(['/', '/classes', '/admin/users (current)']);
    expect(nav('admin', { name: 'lti' })).toEqual(['/', '/classes', '/admin/users (current)']);
    expect(nav('admin', { name: 'course', courseId: 'x' })).toEqual(['/', '/classes', '/admin/users']);
    // `also` is plain text to the compiler: each name must be a route of the table.
    const also = Object.values(ROUTES).flatMap((spec) => spec.nav?.also ?? []);
    for (const name of also) expect(Object.keys(ROUTES)).toContain(name);
  });

  it('sends a login where it belongs: next, the admin page after setup, else home', () => {
    expect(afterLogin(ROUTES, parseRoute('/login', '?next=%2Fclasses'))).toBe('/classes');
    expect(afterLogin(ROUTES, parseRoute('/login'))).toBe('/');
    expect(afterLogin(ROUTES, parseRoute('/setup', '?token=t'))).toBe('/admin/users');
    expect(afterLogin(ROUTES, parseRoute('/join/ABC'))).toBe('/');
    expect(loggedInRedirect(ROUTES, parseRoute('/login', '?next=%2Fcourses%2Fx'))).toBe('/courses/x');
    expect(loggedInRedirect(ROUTES, parseRoute('/login'))).toBe('/');
    expect(loggedInRedirect(ROUTES, parseRoute('/setup'))).toBeUndefined();
  });

  it('renders each page’s element; pages outside the main bundle have a loader', () => {
    expect(tagOf(parseRoute('/courses/x'))).toContain('<at-course-view .courseId=');
    expect(tagOf(parseRoute('/classes/0123456789abcdef'))).toContain('<at-class-grid .classId=');
    expect(tagOf(parseRoute('/'))).toContain('<at-my-classes></at-my-classes><at-course-list .user=');
    expect(tagOf(parseRoute('/nope'))).toContain('<div class="center">');
    const lazy = Object.entries(ROUTES).flatMap(([name, spec]) => (spec.load ? [name] : []));
    expect(lazy.sort()).toEqual([
      'class',
      'classes',
      'course',
      'engines',
      'join',
      'lti',
      'setup',
      'sources',
      'users',
      'workshop',
      'workshopVisitor',
    ]);
  });
});
