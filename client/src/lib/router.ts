// A tiny history-API router: links are plain <a href> intercepted by the app shell. Which URL is
// which page is the route table's business (components/app/routes.ts).

/** Only same-site paths may be used as a post-login target (no `//evil.example`). */
export const isSafeNext = (p: string): boolean =>
  p.startsWith('/') && !p.startsWith('//') && !p.includes('\\');

/** The browser tab's title for a page: its own name first, then the platform's. */
export function setPageTitle(name: string): void {
  document.title = `${name} · Atelier`;
}

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
