import { css, html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { t } from '../../lib/i18n.js';
import { I18nController } from '../../lib/i18n-controller.js';

/** The admin's pages, reached from the header's one « Administration » link. */
const PAGES = [
  { id: 'users', href: '/admin/users', label: 'nav.users' },
  { id: 'sources', href: '/admin/sources', label: 'nav.sources' },
  { id: 'lti', href: '/admin/lti', label: 'nav.lti' },
  { id: 'engines', href: '/admin/engines', label: 'nav.engines' },
] as const;

export type AdminPage = (typeof PAGES)[number]['id'];

/** Tabs between the admin's pages; `current` is the page showing them. */
export class AtAdminTabs extends LitElement {
  static override styles = css`
    nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      list-style: none;
      margin: 0 0 1rem;
      padding: 0 0 0.25rem;
      border-bottom: 1px solid var(--border);
    }
    a {
      display: inline-block;
      padding: 0.35rem 0.1rem;
      color: var(--muted);
      text-decoration: none;
      border-bottom: 3px solid transparent;
    }
    a:hover,
    a:focus-visible {
      color: var(--primary);
    }
    a[aria-current='page'] {
      color: var(--text);
      font-weight: 600;
      border-bottom-color: var(--primary);
    }
  `;

  @property() current: AdminPage = 'users';

  constructor() {
    super();
    new I18nController(this);
  }

  override render() {
    return html`<nav aria-label=${t('nav.admin')}>
      <ul>
        ${PAGES.map(
          (p) =>
            html`<li>
              <a href=${p.href} aria-current=${p.id === this.current ? 'page' : 'false'}>${t(p.label)}</a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }
}

customElements.define('at-admin-tabs', AtAdminTabs);

declare global {
  interface HTMLElementTagNameMap {
    'at-admin-tabs': AtAdminTabs;
  }
}
