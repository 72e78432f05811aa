import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, ApiError, errorText } from '../../lib/api.js';
import { formatInstant } from '../../lib/format.js';
import { focusFirstInvalid, renderField } from '../../lib/forms-field.js';
import { failureTexts } from '../../lib/forms-validation.js';
import { i18n, t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { providerName, providersOf } from '../../lib/sso.js';
import type { AppConfig, LinkedIdentity } from '../../lib/types.js';
import { adminUsersStyles } from './admin-users.styles.js';

/** The words the messages use for one identity: the person, their provider, their Atelier account. */
interface IdentityWords {
  [key: string]: string;
  name: string;
  provider: string;
  username: string;
}

/**
 * The admin page's accounts of the identity providers: who came through which provider, on which Atelier
 * account. « Relier » moves an identity onto an existing local account (someone who had one before the
 * provider came), « Délier » detaches it (their next login makes a new account). Fires `accounts-changed`
 * after either, since an emptied account may be gone.
 */
export class AtIdentities extends LitElement {
  static override styles = adminUsersStyles;

  @property({ attribute: false }) config?: AppConfig;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private toLink?: LinkedIdentity;
  @state() private toUnlink?: LinkedIdentity;
  @state() private linkError = '';
  @state() private linkFieldError = '';
  @query('#link-dialog') private linkDialog?: HTMLDialogElement;
  @query('#unlink-dialog') private unlinkDialog?: HTMLDialogElement;

  private readonly identities = new LoadController<LinkedIdentity[]>(this, () => api.identities());

  private words(i: LinkedIdentity): IdentityWords {
    const p = providersOf(this.config).find((x) => x.id === i.providerId);
    return {
      name: i.displayName || i.email || i.subject,
      provider: p ? providerName(p, i18n.lang) : i.providerId,
      username: i.username,
    };
  }

  private openLink(i: LinkedIdentity): void {
    this.toLink = i;
    this.linkError = '';
    this.linkFieldError = '';
    void this.updateComplete.then(() => {
      this.linkDialog?.querySelector('form')?.reset();
      this.linkDialog?.showModal();
    });
  }

  private openUnlink(i: LinkedIdentity): void {
    this.toUnlink = i;
    void this.updateComplete.then(() => this.unlinkDialog?.showModal());
  }

  private async link(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const identity = this.toLink;
    const username = String(new FormData(form).get('username') ?? '').trim();
    this.linkError = '';
    this.linkFieldError = username ? '' : t('forms.required');
    if (!identity || !username) return void this.updateComplete.then(() => focusFirstInvalid(form));
    this.busy = true;
    try {
      const { providerId, subject } = identity;
      const out = await api.linkIdentity({ providerId, subject, username });
      const words = { ...this.words(identity), username };
      this.notice = [
        t('identities.linked', words),
        out.removedAccount ? t('identities.removed', { username: out.removedAccount }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      this.error = '';
      this.linkDialog?.close();
      this.changed();
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'unknown-user') this.linkFieldError = errorText(err);
      else {
        const texts = failureTexts(err, ['username']);
        this.linkFieldError = texts.fields.username ?? '';
        this.linkError = texts.form;
      }
      void this.updateComplete.then(() => focusFirstInvalid(form));
    } finally {
      this.busy = false;
    }
  }

  private async unlink(i: LinkedIdentity): Promise<void> {
    this.unlinkDialog?.close();
    this.busy = true;
    this.notice = '';
    try {
      await api.unlinkIdentity(i.providerId, i.subject);
      this.notice = t('identities.unlinked', this.words(i));
      this.error = '';
      this.changed();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private changed(): void {
    void this.identities.reload();
    this.dispatchEvent(new CustomEvent('accounts-changed', { bubbles: true, composed: true }));
  }

  override render() {
    const list = this.identities.value;
    // An instance without providers, and nobody ever came through one: nothing to say.
    if (!providersOf(this.config).length && !list?.length) return nothing;
    const error = this.error || this.identities.errorMessage;
    return html`<section class="panel identities" aria-labelledby="identities-title">
      <h2 id="identities-title">${t('identities.title')}</h2>
      <p class="muted intro">${t('identities.intro')}</p>
      <div aria-live="polite">
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      </div>
      <div class="table-panel">
        ${
          list === undefined
            ? this.identities.error
              ? nothing
              : html`<p class="muted" role="status">${t('app.loading')}</p>`
            : list.length
              ? this.renderTable(list)
              : html`<p class="muted">${t('identities.empty')}</p>`
        }
      </div>
      ${this.renderLinkDialog()} ${this.renderUnlinkDialog()}
    </section>`;
  }

  private renderTable(list: LinkedIdentity[]) {
    return html`<table>
      <thead>
        <tr>
          <th>${t('identities.provider')}</th>
          <th>${t('identities.username')}</th>
          <th>${t('identities.displayName')}</th>
          <th>${t('identities.email')}</th>
          <th>${t('identities.lastLogin')}</th>
          <th><span class="sr-only">${t('grid.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${list.map((i) => {
          const w = this.words(i);
          return html`<tr data-identity="${i.providerId}:${i.username}">
            <td>${w.provider}</td>
            <td class="login">${i.username}</td>
            <td>${i.displayName ?? ''}</td>
            <td>${i.email ?? ''}</td>
            <td class="muted">${i.lastLoginAt ? formatInstant(i.lastLoginAt) : t('identities.never')}</td>
            <td class="end actions-cell">
              <button
                class="btn btn-secondary btn-small"
                type="button"
                aria-label="${t('identities.link')} — ${i.username}"
                ?disabled=${this.busy}
                @click=${() => this.openLink(i)}
              >
                ${t('identities.link')}
              </button>
              <button
                class="btn btn-ghost btn-small"
                type="button"
                aria-label="${t('identities.unlink')} — ${i.username}"
                ?disabled=${this.busy}
                @click=${() => this.openUnlink(i)}
              >
                ${t('identities.unlink')}
              </button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderLinkDialog() {
    const i = this.toLink;
    return html`<dialog
      id="link-dialog"
      aria-labelledby="link-title"
      @close=${() => (this.toLink = undefined)}
    >
      <form @submit=${this.link} novalidate>
        <h2 id="link-title">${i ? t('identities.linkTitle', { name: this.words(i).name }) : ''}</h2>
        ${renderField({
          name: 'username',
          label: t('identities.linkTarget'),
          labelClass: 'field',
          idPrefix: 'link-',
          hint: i ? t('identities.linkHint', { username: i.username }) : undefined,
          error: this.linkFieldError || undefined,
        })}
        ${this.linkError ? html`<p class="error" role="alert">${this.linkError}</p>` : nothing}
        <div class="actions">
          <button class="btn btn-secondary" type="button" @click=${() => this.linkDialog?.close()}>
            ${t('forms.cancel')}
          </button>
          <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>
            ${t('identities.linkConfirm')}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  private renderUnlinkDialog() {
    const i = this.toUnlink;
    return html`<dialog
      id="unlink-dialog"
      aria-labelledby="unlink-title"
      @close=${() => (this.toUnlink = undefined)}
    >
      <h2 id="unlink-title">${t('identities.unlinkTitle')}</h2>
      <p>${i ? t('identities.unlinkConfirm', this.words(i)) : ''}</p>
      <div class="actions">
        <button class="btn btn-secondary" type="button" @click=${() => this.unlinkDialog?.close()}>
          ${t('forms.cancel')}
        </button>
        <button class="btn btn-danger" type="button" @click=${() => i && void this.unlink(i)}>
          ${t('identities.unlink')}
        </button>
      </div>
    </dialog>`;
  }
}
