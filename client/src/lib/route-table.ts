// The generic half of the client's route table (the table itself is components/app/routes.ts): what
// an entry says about a page, and the lookups the shell makes with it. No DOM here.
import type { MessageKey } from './i18n.js';
import type { AppConfig, Role, User } from './types.js';

/**
 * `public`: shown without a session (the others send to the login page); `session`: any user; roles:
 * the users who see the page and its header link. Others who type the URL read "no access" instead of
 * a page whose every request the server would refuse (the server decides access all the same).
 */
export type Access = 'public' | 'session' | readonly Role[];

export interface ViewContext {
  user?: User;
  config?: AppConfig;
}

export interface NavLink {
  label: MessageKey;
  href: string;
  /** Other routes under this link (a class under "Classes"): they mark it current too. */
  also?: readonly string[];
}

// Methods, not function properties: their parameters are bivariant, so a table of entries with
// different params still fits `Record<string, RouteSpec>`.
export interface RouteSpec<P extends object = object> {
  /** The route's params when it owns this path (no trailing slash) and query; else undefined. */
  match(path: string, query: URLSearchParams): P | undefined;
  access: Access;
  /** Defines the page's element in a chunk of its own; absent for pages in the main bundle. */
  load?(): Promise<unknown>;
  render(params: P, ctx: ViewContext): unknown;
  /** The document title set when the route opens; a page that knows better (a course's title) replaces it. */
  title: MessageKey;
  nav?: NavLink;
  /** With a session the route is not shown: it goes there instead (the login page → `next`). */
  loggedInRedirect?(params: P): string;
  /** Where a login made on this route goes; `/` when absent. */
  afterLogin?(params: P): string;
}

type Table = Record<string, RouteSpec>;
type ParamsOf<S> = S extends RouteSpec<infer P> ? P : never;

/** A parsed URL: the entry's name and its params. */
export type RouteOf<T extends Table> = {
  [K in keyof T & string]: { name: K } & ParamsOf<T[K]>;
}[keyof T & string];

/** Keeps an entry's params type (inferred from `match`) for its other methods. */
export const route = <P extends object>(spec: RouteSpec<P>): RouteSpec<P> => spec;

const NO_PARAMS: Record<never, never> = {};

/** An entry for one fixed path, without params. */
export const exact =
  (p: string) =>
  (path: string): Record<never, never> | undefined =>
    path === p ? NO_PARAMS : undefined;

/** The catch-all entry's match: owns any path. */
export const anyPath = (): Record<never, never> => NO_PARAMS;

/** A path segment as text; undefined when it is not valid percent-encoding. */
export function segment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The first entry (in table order) that owns the URL; the last entry must own anything. */
export function parseWith<T extends Table>(table: T, pathname: string, search = ''): RouteOf<T> {
  const path = pathname.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(search);
  for (const [name, spec] of Object.entries(table)) {
    const params = spec.match(path, query);
    // These params come from the entry `name`: together they are that member of RouteOf<T>.
    if (params) return { ...params, name } as RouteOf<T>;
  }
  throw new Error(`no route owns ${path}: the table needs a catch-all last entry`);
}

/** A route's entry, typed to take that route (TypeScript cannot relate `table[r.name]` to `r`). */
const entryOf = <T extends Table>(table: T, r: RouteOf<T>): RouteSpec<RouteOf<T>> =>
  table[r.name] as RouteSpec<RouteOf<T>>;

export const isPublic = <T extends Table>(table: T, r: RouteOf<T>): boolean =>
  entryOf(table, r).access === 'public';

export const loadRoute = <T extends Table>(table: T, r: RouteOf<T>): Promise<unknown> | undefined =>
  entryOf(table, r).load?.();

export const renderRoute = <T extends Table>(table: T, r: RouteOf<T>, ctx: ViewContext): unknown =>
  entryOf(table, r).render(r, ctx);

export const titleOf = <T extends Table>(table: T, r: RouteOf<T>): MessageKey => entryOf(table, r).title;

export const loggedInRedirect = <T extends Table>(table: T, r: RouteOf<T>): string | undefined =>
  entryOf(table, r).loggedInRedirect?.(r);

export const afterLogin = <T extends Table>(table: T, r: RouteOf<T>): string =>
  entryOf(table, r).afterLogin?.(r) ?? '/';

const sees = (access: Access, role: Role): boolean =>
  access === 'public' || access === 'session' || access.includes(role);

/** Whether a user with this role may see the route (a route limited to roles is closed to others). */
export const allows = <T extends Table>(table: T, r: RouteOf<T>, role: Role): boolean =>
  sees(entryOf(table, r).access, role);

/** The header's links for this role, in table order, and whether each is the current page's. */
export function navLinks<T extends Table>(table: T, role: Role, current: RouteOf<T>) {
  return Object.entries(table).flatMap(([name, spec]) =>
    spec.nav && sees(spec.access, role)
      ? [{ ...spec.nav, current: name === current.name || !!spec.nav.also?.includes(current.name) }]
      : [],
  );
}
