// A tiny history-API router: links are plain <a href> intercepted by the app shell.

export type Route =
  | { name: 'courses' }
  | { name: 'course'; courseId: string }
  | { name: 'login'; next?: string }
  | { name: 'classes' }
  | { name: 'class'; classId: string }
  | { name: 'join'; code?: string }
  | { name: 'setup'; token?: string }
  | { name: 'users' }
  | { name: 'not-found' };

/** Routes shown without a session (the rest redirect to the login page). */
export const PUBLIC_ROUTES: ReadonlySet<Route['name']> = new Set(['login', 'join', 'setup']);

const segment = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'courses' };
  if (path === '/login') {
    const next = new URLSearchParams(search).get('next') ?? undefined;
    return { name: 'login', next: next && isSafeNext(next) ? next : undefined };
  }
  if (path === '/classes') return { name: 'classes' };
  if (path === '/admin/users') return { name: 'users' };
  if (path === '/setup')
    return { name: 'setup', token: new URLSearchParams(search).get('token') ?? undefined };
  if (path === '/join') return { name: 'join' };
  const join = /^\/join\/([^/]+)$/.exec(path);
  if (join?.[1]) return { name: 'join', code: segment(join[1]) };
  const cls = /^\/classes\/([a-f0-9]{16})$/.exec(path);
  if (cls?.[1]) return { name: 'class', classId: cls[1] };
  const m = /^\/courses\/([^/]+)$/.exec(path);
  if (m?.[1]) {
    try {
      return { name: 'course', courseId: decodeURIComponent(m[1]) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

/** Only same-site paths may be used as a post-login target (no `//evil.example`). */
export const isSafeNext = (p: string): boolean =>
  p.startsWith('/') && !p.startsWith('//') && !p.includes('\\');

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function onRouteChange(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export const currentRoute = (): Route => parseRoute(location.pathname, location.search);

/** Intercepts plain left clicks on same-origin links (through shadow roots) and routes them. */
export function interceptLinks(root: EventTarget): () => void {
  const onClick = (ev: Event): void => {
    const e = ev as MouseEvent;
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/api/') || (a.hash && a.pathname === location.pathname)) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
