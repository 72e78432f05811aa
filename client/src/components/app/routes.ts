// The client's pages, one entry each: its URL, who sees it, its chunk, what it renders, its header link.
// A new page is its component folder plus one entry here (and its strings in lib/messages.ts).
// Entries without `load` are in the main bundle: app.component.ts imports them.
import { html } from 'lit';
import { t } from '../../lib/i18n.js';
import { anyPath, exact, parseWith, route, segment, type RouteOf } from '../../lib/route-table.js';
import { isSafeNext } from '../../lib/router.js';

const TRAINERS = ['trainer', 'admin'] as const;

/** A provider's failed round trip, as the server's redirect says it (`?sso-error=…&provider=…`). */
interface SsoParams {
  ssoError?: string;
  provider?: string;
}

const ssoParams = (query: URLSearchParams): SsoParams => {
  const ssoError = query.get('sso-error');
  const provider = query.get('provider');
  return {
    ...(ssoError ? { ssoError } : {}),
    ...(provider ? { provider } : {}),
  };
};

export const ROUTES = {
  courses: route({
    match: exact('/'),
    access: 'session',
    render: (_p, ctx) =>
      html`<at-my-classes></at-my-classes><at-course-list .user=${ctx.user}></at-course-list>`,
    title: 'courses.title',
    nav: { label: 'app.courses', href: '/' },
  }),
  course: route({
    match: (path) => {
      const id = /^\/courses\/([^/]+)$/.exec(path)?.[1];
      const courseId = id === undefined ? undefined : segment(id);
      return courseId === undefined ? undefined : { courseId };
    },
    access: 'session',
    load: () => import('../course-view/course-view.js'),
    render: (p, ctx) => html`<at-course-view .courseId=${p.courseId} .user=${ctx.user}></at-course-view>`,
    title: 'layout.title.course',
  }),
  login: route({
    match: (path, query) => {
      if (path !== '/login') return undefined;
      const next = query.get('next') ?? undefined;
      return {
        next: next && isSafeNext(next) ? next : undefined,
        ...ssoParams(query),
        local: query.get('local') === '1',
      };
    },
    access: 'public',
    render: (p, ctx) =>
      html`<at-login
        .registrationOpen=${ctx.config?.registrationOpen ?? true}
        .config=${ctx.config}
        .next=${p.next}
        .ssoError=${p.ssoError}
        .provider=${p.provider}
        .local=${p.local}
      ></at-login>`,
    title: 'login.title',
    loggedInRedirect: (p) => p.next ?? '/',
    afterLogin: (p) => p.next ?? '/',
  }),
  classes: route({
    match: exact('/classes'),
    access: TRAINERS,
    load: () => import('../classes/classes.js'),
    render: () => html`<at-classes></at-classes>`,
    title: 'classes.title',
    nav: { label: 'nav.classes', href: '/classes', also: ['class'] },
  }),
  class: route({
    match: (path) => {
      const classId = /^\/classes\/([a-f0-9]{16})$/.exec(path)?.[1];
      return classId === undefined ? undefined : { classId };
    },
    access: TRAINERS,
    load: () => Promise.all([import('../class-grid/class-grid.js'), import('../lti-class/lti-class.js')]),
    // The LTI panel shows only for a class made for an LMS course.
    render: (p) =>
      html`<at-class-grid .classId=${p.classId}></at-class-grid
        ><at-lti-class .classId=${p.classId}></at-lti-class>`,
    title: 'layout.title.class',
  }),
  // Workshops: the trainer's page (link, QR code) and the visitors' link (components/workshop-*).
  workshop: route({
    match: (path) => {
      const classId = /^\/workshops\/([a-f0-9]{16})$/.exec(path)?.[1];
      return classId === undefined ? undefined : { classId };
    },
    access: TRAINERS,
    load: () => import('../workshop-board/workshop-board.js'),
    render: (p) => html`<at-workshop-board .classId=${p.classId}></at-workshop-board>`,
    title: 'workshop.title',
  }),
  workshopVisitor: route({
    match: (path, query) => {
      const raw = /^\/w\/([^/]+)$/.exec(path)?.[1];
      const code = raw === undefined ? undefined : segment(raw);
      const then = query.get('then') ?? undefined;
      return code === undefined
        ? undefined
        : { code, then: then && /^[a-z0-9-]+$/.test(then) ? then : undefined };
    },
    access: 'public',
    load: () => import('../workshop-visitor/workshop-visitor.js'),
    render: (p, ctx) => html`<at-workshop-visitor .code=${p.code} .user=${ctx.user}></at-workshop-visitor>`,
    title: 'workshop.title',
    afterLogin: (p) => (p.then ? `/courses/${p.then}?start=1` : '/'),
  }),
  join: route({
    match: (path, query): ({ code?: string } & SsoParams) | undefined => {
      if (path === '/join') return { ...ssoParams(query) };
      const code = /^\/join\/([^/]+)$/.exec(path)?.[1];
      return code === undefined ? undefined : { code: segment(code), ...ssoParams(query) };
    },
    access: 'public',
    load: () => import('../join/join.js'),
    render: (p, ctx) =>
      html`<at-join
        .code=${p.code ?? ''}
        .user=${ctx.user}
        .config=${ctx.config}
        .ssoError=${p.ssoError}
        .provider=${p.provider}
      ></at-join>`,
    title: 'join.title',
  }),
  setup: route({
    match: (path, query) => (path === '/setup' ? { token: query.get('token') ?? undefined } : undefined),
    access: 'public',
    load: () => import('../setup/setup.js'),
    render: (p) => html`<at-setup .token=${p.token ?? ''}></at-setup>`,
    title: 'setup.title',
    afterLogin: () => '/admin/users',
  }),
  users: route({
    match: exact('/admin/users'),
    access: ['admin'],
    load: () => import('../admin-users/admin-users.js'),
    render: (_p, ctx) => html`<at-admin-users .user=${ctx.user} .config=${ctx.config}></at-admin-users>`,
    title: 'users.title',
    // One header link for the admin's pages; tabs lead between them (components/admin-tabs).
    nav: { label: 'nav.admin', href: '/admin/users', also: ['sources', 'lti', 'engines'] },
  }),
  sources: route({
    match: exact('/admin/sources'),
    access: ['admin'],
    load: () => import('../admin-sources/admin-sources.js'),
    render: () => html`<at-admin-sources></at-admin-sources>`,
    title: 'sources.title',
  }),
  lti: route({
    match: exact('/admin/lti'),
    access: ['admin'],
    load: () => import('../admin-lti/admin-lti.js'),
    render: () => html`<at-admin-lti></at-admin-lti>`,
    title: 'lti.title',
  }),
  engines: route({
    match: exact('/admin/engines'),
    access: ['admin'],
    load: () => import('../admin-engines/admin-engines.js'),
    render: () => html`<at-admin-engines></at-admin-engines>`,
    title: 'engines.title',
  }),
  // Anything else; it must stay last.
  'not-found': route({
    match: anyPath,
    access: 'session',
    render: () =>
      html`<div class="center">
        <h1>${t('layout.title.notFound')}</h1>
        <p>${t('layout.notFoundText')}</p>
        <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
      </div>`,
    title: 'layout.title.notFound',
  }),
};

export type Route = RouteOf<typeof ROUTES>;

export const parseRoute = (pathname: string, search = ''): Route => parseWith(ROUTES, pathname, search);

export const currentRoute = (): Route => parseRoute(location.pathname, location.search);
