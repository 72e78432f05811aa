import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { bounds, checkFields, failureTexts, problemText } from '../../lib/forms-validation.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import type { Account, AppConfig, Role, User } from '../../lib/types.js';
import { adminUsersStyles } from './admin-users.styles.js';
import { ROLES, renderUsersTable } from './users-table.js';
import '../admin-tabs/admin-tabs.js';

/** A role picked in a row's selector, waiting for the admin's confirmation. */
interface RoleChange {
  account: Account;
  role: Role;
  select: HTMLSelectElement;
}

const CREATE_FIELDS = ['username', 'displayName', 'password'];

/**
 * `/admin/users`: accounts and their roles; create, change a role, delete (with the labs); below, the
 * identity providers' accounts (identities-table.ts).
 */
export class AtAdminUsers extends LitElement {
  static override styles = adminUsersStyles;

  @property({ attribute: false }) user?: User;
  /** The identity providers' names, for the list of their accounts. */
  @property({ attribute: false }) config?: AppConfig;
  /** An action's failure; a failed load of the list shows when there is none. */
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private toDelete?: Account;
  @state() private roleChange?: RoleChange;
  /** The new account form's refused fields, each shown under its field. */
  @state() private fieldErrors: Record<string, string> = {};
  @query('#delete-dialog') private deleteDialog?: HTMLDialogElement;
  @query('#role-dialog') private roleDialog?: HTMLDialogElement;

  private readonly accounts = new LoadController<Account[]>(this, () => {
    document.title = `${t('users.title')} · Atelier`;
    return api.users();
  });

  /** Runs an action; `done` words its success, `failed` its failure (the reason's words by default). */
  private async run(
    action: () => Promise<unknown>,
    done: string,
    failed: (err: unknown) => string = errorText,
  ): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await action();
      this.notice = done;
      return true;
    } catch (err) {
      this.error = failed(err);
      return false;
    } finally {
      await this.accounts.reload();
      this.busy = false;
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const f = new FormData(formEl);
    const username = String(f.get('username') ?? '').trim();
    const displayName = String(f.get('displayName') ?? '').trim();
    const password = String(f.get('password') ?? '');
    const role = String(f.get('role')) as Role;
    const problems = checkFields({ username, displayName, password }, ['displayName']);
    this.fieldErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(field, problem)]),
    );
    if (Object.keys(problems).length) return this.focusInvalid(formEl);
    let fields: Record<string, string> = {};
    const created = await this.run(
      () => api.createUser({ username, password, role, ...(displayName ? { displayName } : {}) }),
      t('forms.userCreated', { name: username, role: t(`role.${role}`) }),
      (err) => {
        const texts = failureTexts(err, CREATE_FIELDS);
        fields = texts.fields;
        return texts.form;
      },
    );
    this.fieldErrors = fields;
    if (created) formEl.reset();
    else this.focusInvalid(formEl);
  }

  private focusInvalid(form: HTMLFormElement): void {
    void this.updateComplete.then(() => focusFirstInvalid(form));
  }

  private confirmDelete(a: Account): void {
    this.toDelete = a;
    void this.updateComplete.then(() => this.deleteDialog?.showModal());
  }

  private askRole(account: Account, role: Role, select: HTMLSelectElement): void {
    this.roleChange = { account, role, select };
    void this.updateComplete.then(() => {
      if (!this.roleDialog) return;
      this.roleDialog.returnValue = ''; // Escape closes without a value: not the last one's "confirm"
      this.roleDialog.showModal();
    });
  }

  /** The dialog closed: confirmed, the role is saved; otherwise the selector shows the role again. */
  private onRoleDialogClose(): void {
    const change = this.roleChange;
    this.roleChange = undefined;
    if (!change) return;
    const { account, role, select } = change;
    if (this.roleDialog?.returnValue !== 'confirm') return void (select.value = account.role);
    const words = { name: account.username, role: t(`role.${role}`) };
    void this.run(
      () => api.updateUser(account.id, { role }),
      t('forms.roleChanged', words),
      (err) => t('forms.roleFailed', { name: account.username, reason: errorText(err) }),
    ).then((ok) => ok || (select.value = account.role));
  }

  override render() {
    if (this.accounts.error instanceof ApiError && this.accounts.error.status === 403)
      return html`<div class="page refused">
        <h1>${t('users.title')}</h1>
        <p class="error" role="alert">${this.accounts.errorMessage}</p>
        <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
      </div>`;
    const error = this.error || this.accounts.errorMessage;
    return html`<div class="page">
      <at-admin-tabs current="users"></at-admin-tabs>
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
                  onRole: (a, role, select) => this.askRole(a, role, select),
                  onDelete: (a) => this.confirmDelete(a),
                })
              : html`<p class="muted" role="status">${t('app.loading')}</p>`
          }
        </div>
        ${this.renderCreateForm()}
      </div>
      <at-admin-identities
        .config=${this.config}
        @accounts-changed=${() => void this.accounts.reload()}
      ></at-admin-identities>
      ${this.renderRoleDialog()} ${this.renderDeleteDialog()}
    </div>`;
  }

  private renderCreateForm() {
    return html`<section class="panel" aria-labelledby="new-user">
      <h2 id="new-user">${t('users.new')}</h2>
      <form @submit=${this.create} novalidate>
        ${renderField({
          name: 'username',
          label: t('users.username'),
          labelClass: 'field',
          idPrefix: 'new-',
          hint: t('forms.hint.username', bounds('username')),
          error: this.fieldErrors.username,
        })}
        ${renderField({
          name: 'displayName',
          label: t('users.displayName'),
          labelClass: 'field',
          idPrefix: 'new-',
          optional: true,
          error: this.fieldErrors.displayName,
        })}
        ${renderField({
          name: 'password',
          type: 'password',
          label: t('login.password'),
          labelClass: 'field',
          idPrefix: 'new-',
          autocomplete: 'new-password',
          hint: t('forms.hint.password', bounds('password')),
          error: this.fieldErrors.password,
        })}
        <label class="field"
          >${t('users.role')}
          <select name="role">
            ${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'trainer'}>${t(`role.${r}`)}</option>`)}
          </select>
        </label>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('users.create')}</button>
      </form>
    </section>`;
  }

  private renderRoleDialog() {
    const change = this.roleChange;
    return html`<dialog id="role-dialog" aria-labelledby="role-title" @close=${this.onRoleDialogClose}>
      <form method="dialog">
        <h2 id="role-title">${t('forms.roleTitle')}</h2>
        <p>
          ${change ? t('forms.roleConfirm', { name: change.account.username, role: t(`role.${change.role}`) }) : ''}
        </p>
        <div class="actions">
          <button class="btn btn-secondary" value="cancel">${t('forms.cancel')}</button>
          <button class="btn btn-primary" value="confirm">${t('forms.roleConfirmButton')}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderDeleteDialog() {
    return html`<dialog
      id="delete-dialog"
      aria-labelledby="del-title"
      @close=${() => (this.toDelete = undefined)}
    >
      <h2 id="del-title">${t('users.delete')}</h2>
      <p>${t('users.deleteConfirm', { name: this.toDelete?.username ?? '' })}</p>
      <div class="actions">
        <button class="btn btn-secondary" type="button" @click=${() => this.deleteDialog?.close()}>
          ${t('grid.cancel')}
        </button>
        <button
          class="btn btn-danger"
          type="button"
          @click=${() => {
            const a = this.toDelete;
            this.deleteDialog?.close();
            if (a) void this.run(() => api.deleteUser(a.id), t('users.deleted', { name: a.username }));
          }}
        >
          ${t('users.delete')}
        </button>
      </div>
    </dialog>`;
  }
}
