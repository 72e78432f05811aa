import { html, nothing } from 'lit';
import { formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import type { Account, Role } from '../../lib/types.js';

export const ROLES: Role[] = ['learner', 'trainer', 'admin'];

export interface UsersTableProps {
  accounts: Account[];
  selfId?: string;
  busy: boolean;
  /** A role picked in the row's selector (the selector, to put it back if the change is not made). */
  onRole(a: Account, role: Role, select: HTMLSelectElement): void;
  onDelete(a: Account): void;
}

/** Accounts with a role selector each; one's own row cannot be changed or deleted here. */
export function renderUsersTable(p: UsersTableProps) {
  return html`<table>
    <thead>
      <tr>
        <th>${t('users.username')}</th>
        <th>${t('users.displayName')}</th>
        <th>${t('users.role')}</th>
        <th>${t('users.created')}</th>
        <th>${t('users.labs')}</th>
        <th><span class="sr-only">${t('grid.actions')}</span></th>
      </tr>
    </thead>
    <tbody>
      ${p.accounts.map((a) => {
        const self = a.id === p.selfId;
        return html`<tr data-user=${a.username}>
          <td class="login">
            ${a.username}${self ? html` <span class="badge">${t('users.you')}</span>` : nothing}
          </td>
          <td>${a.displayName ?? ''}</td>
          <td>
            <select
              aria-label="${t('users.role')} — ${a.username}"
              ?disabled=${self || p.busy}
              @change=${(e: Event) => {
                const select = e.target as HTMLSelectElement;
                p.onRole(a, select.value as Role, select);
              }}
            >
              ${ROLES.map((r) => html`<option value=${r} ?selected=${a.role === r}>${t(`role.${r}`)}</option>`)}
            </select>
          </td>
          <td class="muted">${formatInstant(a.createdAt)}</td>
          <td>${a.labs}</td>
          <td class="end">
            ${
              self
                ? nothing
                : html`<button class="btn btn-ghost btn-small" type="button" @click=${() => p.onDelete(a)}>
                    ${t('users.delete')}
                  </button>`
            }
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
