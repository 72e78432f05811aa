// The login and join pages' single sign-on pieces: a provider's link (a real link: the browser goes to
// the provider and comes back), the « Compte » choice of the password form, and their look.
import { css, html, nothing } from 'lit';
import { i18n, t } from '../../lib/i18n.js';
import { LOCAL, providerName } from '../../lib/sso.js';
import type { SsoProvider } from '../../lib/types.js';
import { loginIcon } from '../../styles/icons.js';

/** One link per provider reached by redirect (OpenID Connect, CAS, SAML), worded by `label` (« Se connecter avec … »). */
export function renderProviderLinks(
  providers: SsoProvider[],
  label: 'sso.with' | 'sso.joinWith',
  hrefOf: (p: SsoProvider) => string,
) {
  if (!providers.length) return nothing;
  return html`<div class="sso-links">
    ${providers.map(
      (p) =>
        html`<a class="btn btn-sso" href=${hrefOf(p)} data-provider=${p.id}
          >${loginIcon}<span>${t(label, { name: providerName(p, i18n.lang) })}</span></a
        >`,
    )}
  </div>`;
}

/** « ou » between the provider links and a password form. */
export const orSeparator = () => html`<p class="or"><span>${t('sso.or')}</span></p>`;

const accountLabel = (id: string, providers: SsoProvider[]): string => {
  const p = providers.find((x) => x.id === id);
  return p ? providerName(p, i18n.lang) : t('sso.local');
};

/**
 * The « Compte » radio group (sent as `provider`): a directory or the local account. A single
 * directory is named without a choice; the local account alone needs no word at all.
 */
export function renderAccountChoice(p: {
  accounts: string[];
  providers: SsoProvider[];
  selected: string;
  onSelect(id: string): void;
  idPrefix?: string;
}) {
  if (p.accounts.length === 0 || (p.accounts.length === 1 && p.accounts[0] === LOCAL)) return nothing;
  if (p.accounts.length === 1)
    return html`<p class="account-one">
      ${t('sso.accountOne', { name: accountLabel(p.accounts[0] ?? '', p.providers) })}
    </p>`;
  return html`<fieldset class="accounts">
    <legend>${t('sso.account')}</legend>
    <div class="choices">
      ${p.accounts.map(
        (id) =>
          html`<label class="choice">
            <input
              type="radio"
              name="provider"
              value=${id}
              id="${p.idPrefix ?? ''}account-${id}"
              .checked=${id === p.selected}
              @change=${() => p.onSelect(id)}
            />${accountLabel(id, p.providers)}
          </label>`,
      )}
    </div>
  </fieldset>`;
}

export const ssoStyles = css`
  .sso-links {
    display: grid;
    gap: 10px;
  }
  .btn-sso {
    min-height: 44px;
    width: 100%;
    white-space: normal;
    text-align: center;
    line-height: 1.25;
    padding: 8px 16px;
    background: var(--surface);
    color: var(--text);
    border-color: #b9c2d0;
  }
  .btn-sso:hover {
    border-color: var(--primary);
    background: var(--primary-soft);
  }
  .btn-sso svg {
    flex: none;
    color: var(--primary);
  }
  .sso-links + .join {
    margin-top: 20px;
  }
  .or {
    display: flex;
    align-items: center;
    gap: 12px;
    margin: 20px 0;
    color: var(--muted);
    font-size: 0.85rem;
  }
  .or::before,
  .or::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--border);
  }
  fieldset.accounts {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .accounts legend {
    padding: 0;
    margin-bottom: 6px;
    font-weight: 600;
    font-size: 0.9rem;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  label.choice {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    padding: 7px 12px;
    border: 1px solid #c9d0db;
    border-radius: 8px;
    font-weight: 500;
    cursor: pointer;
  }
  label.choice:has(input:checked) {
    border-color: var(--primary);
    background: var(--primary-soft);
    font-weight: 600;
  }
  label.choice input {
    margin: 0;
    padding: 0;
    accent-color: var(--primary);
  }
  label.choice:has(input:focus-visible) {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
  .account-one {
    margin: 0;
    font-size: 0.9rem;
    color: var(--muted);
  }
  .notice {
    margin: 0 0 16px;
    padding: 10px 14px;
    border-radius: 8px;
    background: var(--primary-soft);
    border: 1px solid #c5d4f6;
  }
  .notice p {
    margin: 0;
  }
  .notice a {
    color: var(--primary);
    font-weight: 600;
  }
  .admin-note {
    margin: 0 0 16px;
    padding: 8px 12px;
    border-radius: 8px;
    background: var(--warning-soft);
    color: var(--warning);
    font-weight: 600;
    font-size: 0.9rem;
  }
  .sso-error {
    margin-bottom: 16px;
  }
  .admin-link {
    margin: 14px 0 0;
    text-align: center;
    font-size: 0.85rem;
  }
  .admin-link a {
    color: var(--muted);
    text-underline-offset: 3px;
  }
`;
