import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api, ApiError, setUnauthorizedHandler } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, LANGS, t } from '../../lib/i18n.js';
import {
  currentRoute,
  interceptLinks,
  navigate,
  onRouteChange,
  PUBLIC_ROUTES,
  type Route,
} from '../../lib/router.js';
import { closeSocket } from '../../lib/socket.js';
import type { AppConfig, User } from '../../lib/types.js';
import '../course-list/course-list.js';
import '../login/login.js';
import '../my-classes/my-classes.js';
import '../notices/notices.js';
import { appStyles } from './app.styles.js';

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
    setUnauthorizedHandler(() => this.onSessionLost());
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const c of this.cleanups.splice(0)) c();
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
    if (!this.booting && !this.user && !PUBLIC_ROUTES.has(route.name)) {
      const here = location.pathname + location.search;
      return navigate(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, true);
    }
    if (this.user && route.name === 'login') return navigate(route.next ?? '/', true);
    if (route.name === 'course') void import('../course-view/course-view.js');
    if (route.name === 'classes') void import('../classes/classes.js');
    if (route.name === 'class') void import('../class-grid/class-grid.js');
    if (route.name === 'users') void import('../admin-users/admin-users.js');
    if (route.name === 'join') void import('../join/join.js');
    if (route.name === 'setup') void import('../setup/setup.js');
    this.route = route;
    this.shadowRoot?.querySelector('main')?.focus({ preventScroll: true });
  }

  private onLoggedIn(user: User): void {
    this.user = user;
    const r = currentRoute();
    navigate(r.name === 'login' && r.next ? r.next : r.name === 'setup' ? '/admin/users' : '/', true);
  }

  private onSessionLost(): void {
    if (!this.user) return;
    this.user = undefined;
    closeSocket();
    this.onRoute();
  }

  private async logout(): Promise<void> {
    await api.logout().catch(() => undefined);
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
    return html`<a class="skip" href="#main" @click=${this.skip}>${t('app.skip')}</a>
      ${this.renderHeader()} ${this.user ? html`<at-notices></at-notices>` : nothing}
      ${
        this.offline
          ? html`<div class="banner" role="alert">⚠ ${t('app.network')}</div>`
          : this.dockerDown
            ? html`<div class="banner" role="alert">⚠ ${t('app.dockerDown')}</div>`
            : nothing
      }
      <main id="main" tabindex="-1">${this.renderView()}</main>`;
  }

  private renderHeader() {
    const r = this.route;
    return html`<header>
      <a class="logo" href="/"
        ><span class="mark" aria-hidden="true">&gt;<span>_</span></span
        >Atelier</a
      >
      ${
        this.user
          ? html`<nav aria-label=${t('app.courses')}>
              <a href="/" aria-current=${r.name === 'courses' ? 'page' : nothing}>${t('app.courses')}</a>
              ${
                this.user.role === 'trainer' || this.user.role === 'admin'
                  ? html`<a
                      href="/classes"
                      aria-current=${r.name === 'classes' || r.name === 'class' ? 'page' : nothing}
                      >${t('nav.classes')}</a
                    >`
                  : nothing
              }
              ${
                this.user.role === 'admin'
                  ? html`<a href="/admin/users" aria-current=${r.name === 'users' ? 'page' : nothing}
                      >${t('nav.users')}</a
                    >`
                  : nothing
              }
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
        this.user
          ? html`<span class="user" data-testid="user-name">
                <span class="avatar" aria-hidden="true">${this.user.username.slice(0, 1)}</span>
                <span class="name">${this.user.username}</span>
              </span>
              <button class="btn btn-ghost btn-small" type="button" @click=${() => void this.logout()}>
                ${t('app.logout')}
              </button>`
          : nothing
      }
    </header>`;
  }

  private renderView() {
    if (this.booting) return html`<p class="center" role="status">${t('app.loading')}</p>`;
    const r = this.route;
    switch (r.name) {
      case 'login':
        return html`<at-login .registrationOpen=${this.config?.registrationOpen ?? true}></at-login>`;
      case 'courses':
        return html`<at-my-classes></at-my-classes><at-course-list></at-course-list>`;
      case 'classes':
        return html`<at-classes></at-classes>`;
      case 'class':
        return html`<at-class-grid .classId=${r.classId}></at-class-grid>`;
      case 'users':
        return html`<at-admin-users .user=${this.user}></at-admin-users>`;
      case 'join':
        return html`<at-join .code=${r.code ?? ''} .user=${this.user}></at-join>`;
      case 'setup':
        return html`<at-setup .token=${r.token ?? ''}></at-setup>`;
      case 'course':
        return html`<at-course-view .courseId=${r.courseId}></at-course-view>`;
      default:
        return html`<div class="center">
          <p>${t('app.notFound')}</p>
          <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
        </div>`;
    }
  }

  private skip(e: Event): void {
    e.preventDefault();
    this.shadowRoot?.querySelector('main')?.focus();
  }
}
