import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import type { Account, Role, User } from '../../lib/types.js';
import { adminUsersStyles } from './admin-users.styles.js';
import { ROLES, renderUsersTable } from './users-table.js';

/** `/admin/users`: accounts and their roles; create, change a role, delete (with the labs). */
export class AtAdminUsers extends LitElement {
  static override styles = adminUsersStyles;

  @property({ attribute: false }) user?: User;
  /** An action's failure; a failed load of the list shows when there is none. */
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private toDelete?: Account;
  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly accounts = new LoadController<Account[]>(this, () => {
    document.title = `${t('users.title')} · Atelier`;
    return api.users();
  });

  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await action();
      this.notice = done;
      await this.accounts.reload();
    } catch (err) {
      this.error = errorText(err);
      await this.accounts.reload();
    } finally {
      this.busy = false;
    }
  }

  private create(e: SubmitEvent): void {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const f = new FormData(formEl);
    const displayName = String(f.get('displayName') ?? '').trim();
    void this.run(async () => {
      await api.createUser({
        username: String(f.get('username') ?? '').trim(),
        password: String(f.get('password') ?? ''),
        role: String(f.get('role')) as Role,
        ...(displayName ? { displayName } : {}),
      });
      formEl.reset();
    }, t('users.saved'));
  }

  private confirmDelete(a: Account): void {
    this.toDelete = a;
    void this.updateComplete.then(() => this.dialog?.showModal());
  }

  override render() {
    const error = this.error || this.accounts.errorMessage;
    return html`<div class="page">
      <h1>${t('users.title')}</h1>
      <p class="lead">${t('users.intro')}</p>
      <div aria-live="polite">
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      </div>
      <div class="layout">
        <div class="panel table-panel">
          ${
            this.accounts.value
              ? renderUsersTable({
                  accounts: this.accounts.value,
                  selfId: this.user?.id,
                  busy: this.busy,
                  onRole: (a, role) => void this.run(() => api.updateUser(a.id, { role }), t('users.saved')),
                  onDelete: (a) => this.confirmDelete(a),
                })
              : html`<p class="muted" role="status">${t('app.loading')}</p>`
          }
        </div>
        <section class="panel" aria-labelledby="new-user">
          <h2 id="new-user">${t('users.new')}</h2>
          <form @submit=${this.create}>
            <label class="field"
              >${t('users.username')}<input name="username" required autocomplete="off"
            /></label>
            <label class="field">${t('users.displayName')}<input name="displayName" maxlength="40" /></label>
            <label class="field"
              >${t('login.password')}<input
                name="password"
                type="password"
                required
                autocomplete="new-password"
              /><small class="hint">${t('login.passwordHint')}</small></label
            >
            <label class="field"
              >${t('users.role')}
              <select name="role">
                ${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'trainer'}>${t(`role.${r}`)}</option>`)}
              </select>
            </label>
            <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('users.create')}</button>
          </form>
        </section>
      </div>
      <dialog aria-labelledby="del-title" @close=${() => (this.toDelete = undefined)}>
        <h2 id="del-title">${t('users.delete')}</h2>
        <p>${t('users.deleteConfirm', { name: this.toDelete?.username ?? '' })}</p>
        <div class="actions">
          <button class="btn btn-secondary" type="button" @click=${() => this.dialog?.close()}>
            ${t('grid.cancel')}
          </button>
          <button
            class="btn btn-danger"
            type="button"
            @click=${() => {
              const a = this.toDelete;
              this.dialog?.close();
              if (a) void this.run(() => api.deleteUser(a.id), t('users.deleted', { name: a.username }));
            }}
          >
            ${t('users.delete')}
          </button>
        </div>
      </dialog>
    </div>`;
  }
}
