import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api, ApiError, setUnauthorizedHandler } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, LANGS, t } from '../../lib/i18n.js';
import {
  afterLogin,
  isPublic,
  allows,
  loadRoute,
  loggedInRedirect,
  navLinks,
  renderRoute,
  titleOf,
} from '../../lib/route-table.js';
import { interceptLinks, navigate, onRouteChange, setPageTitle } from '../../lib/router.js';
import { closeSocket } from '../../lib/socket.js';
import { keepSignedOut } from '../../lib/sso.js';
import type { AppConfig, User } from '../../lib/types.js';
// The main bundle's pages (their route entries have no `load`) and the notices.
import '../course-list/course-list.js';
import '../login/login.js';
import '../my-classes/my-classes.js';
import '../notices/notices.js';
import '../keyboard-banner/keyboard-banner.js';
import { menuIcon } from '../../styles/icons.js';
import { appStyles } from './app.styles.js';
import { currentRoute, ROUTES, type Route } from './routes.js';

const HEALTH_EVERY_MS = 30_000;

/** The shell: header, Docker banner, and the routed view. Owns the session (who is logged in). */
export class AtApp extends LitElement {
  static override styles = appStyles;

  @state() private route: Route = currentRoute();
  @state() private user?: User;
  @state() private config?: AppConfig;
  @state() private booting = true;
  @state() private dockerDown = false;
  @state() private offline = false;
  /** The header's links on a narrow screen, where they hide behind the menu button. */
  @state() private menuOpen = false;
  private readonly cleanups: (() => void)[] = [];
  private healthTimer?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    new I18nController(this, (lang) => (document.documentElement.lang = lang));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = i18n.lang;
    this.cleanups.push(
      onRouteChange(() => this.onRoute()),
      interceptLinks(this),
    );
    this.addEventListener('logged-in', (e) => this.onLoggedIn(e.detail));
    this.addEventListener('health-check', () => void this.checkHealth());
    window.addEventListener('click', this.closeMenuOutside);
    setUnauthorizedHandler(() => this.onSessionLost());
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const c of this.cleanups.splice(0)) c();
    window.removeEventListener('click', this.closeMenuOutside);
    clearInterval(this.healthTimer);
  }

  private async boot(): Promise<void> {
    const [config, me] = await Promise.allSettled([api.config(), api.me()]);
    if (config.status === 'fulfilled') {
      this.config = config.value;
      i18n.applyDefault(config.value.defaultLang);
    } else this.offline = true;
    if (me.status === 'fulfilled') this.user = me.value;
    else if (me.reason instanceof ApiError && me.reason.status === 0) this.offline = true;
    this.booting = false;
    this.onRoute();
    void this.checkHealth();
    this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_EVERY_MS);
  }

  /** Redirects by session state, then renders the route. */
  private onRoute(): void {
    const route = currentRoute();
    if (!this.booting && !this.user && !isPublic(ROUTES, route)) {
      const here = location.pathname + location.search;
      return navigate(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, true);
    }
    const away = this.user ? loggedInRedirect(ROUTES, route) : undefined;
    if (away !== undefined) return navigate(away, true);
    const allowed = !this.user || allows(ROUTES, route, this.user.role);
    if (allowed) void loadRoute(ROUTES, route);
    if (!this.booting) setPageTitle(t(allowed ? titleOf(ROUTES, route) : 'layout.title.forbidden'));
    this.route = route;
    this.menuOpen = false;
    this.shadowRoot?.querySelector('main')?.focus({ preventScroll: true });
  }

  private onLoggedIn(user: User): void {
    this.user = user;
    navigate(afterLogin(ROUTES, currentRoute()), true);
  }

  private onSessionLost(): void {
    if (!this.user) return;
    this.user = undefined;
    closeSocket();
    this.onRoute();
  }

  private async logout(): Promise<void> {
    const out = await api.logout().catch(() => ({ endSessionUrl: undefined, providerId: undefined }));
    // A provider's session outlives Atelier's: the login page offers its logout too.
    if (out.endSessionUrl) keepSignedOut({ url: out.endSessionUrl, providerId: out.providerId });
    closeSocket();
    this.user = undefined;
    navigate('/login');
  }

  private async checkHealth(): Promise<void> {
    const h = await api.health();
    this.dockerDown = h.status !== 'ok' && h.docker?.ok === false;
    this.offline = h.status !== 'ok' && !h.docker;
  }

  override render() {
    return html`<header>
        <div class="bar" @keydown=${this.onBarKeydown}>${this.renderBar()}</div>
        ${this.user ? html`<at-notices></at-notices>` : nothing}
        ${this.user ? html`<at-keyboard-banner></at-keyboard-banner>` : nothing}
        ${
          this.offline
            ? html`<div class="banner" role="alert">⚠ ${t('app.network')}</div>`
            : this.dockerDown
              ? html`<div class="banner" role="alert">⚠ ${t('app.dockerDown')}</div>`
              : nothing
        }
      </header>
      <main id="main" tabindex="-1">${this.renderView()}</main>`;
  }

  /** Skip link, logo, the links (behind a menu button on a phone), language, who is signed in. */
  private renderBar() {
    const user = this.user;
    const name = user?.displayName || user?.username || '';
    return html`<a class="skip" href="#main" @click=${this.skip}>${t('app.skip')}</a>
      <a class="logo" href="/"
        ><span class="mark" aria-hidden="true">&gt;<span>_</span></span
        >Atelier</a
      >
      ${
        user
          ? html`<button
                class="menu-btn"
                type="button"
                aria-controls="site-nav"
                aria-expanded=${this.menuOpen}
                @click=${() => (this.menuOpen = !this.menuOpen)}
              >
                ${menuIcon}<span class="sr-only">${t('layout.menu')}</span>
              </button>
              <nav
                id="site-nav"
                class=${this.menuOpen ? 'open' : ''}
                aria-label=${t('app.courses')}
                @click=${this.onNavClick}
              >
                ${navLinks(ROUTES, user.role, this.route).map(
                  // The space keeps the gap that separated the links when they were written out.
                  (l) =>
                    html` <a href=${l.href} aria-current=${l.current ? 'page' : nothing}>${t(l.label)}</a>`,
                )}
                <p class="menu-only who">
                  ${t('layout.signedInAs', { name })}
                  ${user.displayName ? html`<span class="login">${user.username}</span>` : nothing}
                </p>
                <button
                  class="btn btn-ghost btn-small menu-only"
                  type="button"
                  @click=${() => void this.logout()}
                >
                  ${t('app.logout')}
                </button>
              </nav>`
          : nothing
      }
      <span class="spacer"></span>
      <div class="lang" role="group" aria-label=${t('app.language')}>
        ${LANGS.map(
          (l) =>
            html`<button type="button" lang=${l} aria-pressed=${i18n.lang === l} @click=${() => i18n.set(l)}>
              ${l.toUpperCase()}
            </button>`,
        )}
      </div>
      ${
        user
          ? html`<span class="user" data-testid="user-name" title=${user.username}>
                <span class="avatar" aria-hidden="true">${name.slice(0, 1)}</span>
                <span class="name">${name}</span>
              </span>
              <button class="btn btn-ghost btn-small logout" type="button" @click=${() => void this.logout()}>
                ${t('app.logout')}
              </button> `
          : nothing
      }`;
  }

  /** A link followed from the open menu closes it (the same page's link too: no route change then). */
  private onNavClick(e: Event): void {
    if (e.composedPath().some((n) => n instanceof HTMLAnchorElement)) this.menuOpen = false;
  }

  private onBarKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || !this.menuOpen) return;
    this.menuOpen = false;
    this.shadowRoot?.querySelector<HTMLButtonElement>('.menu-btn')?.focus();
  }

  private readonly closeMenuOutside = (e: MouseEvent): void => {
    const bar = this.shadowRoot?.querySelector('.bar');
    if (this.menuOpen && bar && !e.composedPath().includes(bar)) this.menuOpen = false;
  };

  private renderView() {
    if (this.booting) return html`<p class="center" role="status">${t('app.loading')}</p>`;
    if (this.user && !allows(ROUTES, this.route, this.user.role))
      return html`<div class="center">
        <h1>${t('layout.title.forbidden')}</h1>
        <p>${t('app.forbidden')}</p>
        <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
      </div>`;
    return renderRoute(ROUTES, this.route, { user: this.user, config: this.config });
  }

  private skip(e: Event): void {
    e.preventDefault();
    this.shadowRoot?.querySelector('main')?.focus();
  }
}
