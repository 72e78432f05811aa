import { html, LitElement, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ApiError, errorText } from '../../lib/api.js';
import { formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { sourcesApi, type CourseSource } from '../../lib/sources-api.js';
import { adminSourcesStyles } from './admin-sources.styles.js';
import '../admin-tabs/admin-tabs.js';

/** While an update runs (fetch, validation, a test lab), the list is read again this often. */
const POLL_MS = 2000;

const shown = (s: CourseSource) => `${s.url}${s.ref ? ` #${s.ref}` : ''}`;

/**
 * `/admin/sources`: the course sources (git repositories or folders of course manifests): add one, update
 * it now, remove it; each one's version in service, last update, and why its last update failed.
 */
export class AtAdminSources extends LitElement {
  static override styles = adminSourcesStyles;

  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private toRemove?: CourseSource;
  @query('#remove-dialog') private removeDialog?: HTMLDialogElement;
  private poll?: ReturnType<typeof setTimeout>;

  private readonly sources = new LoadController<CourseSource[]>(this, async () => {
    document.title = `${t('sources.title')} · Atelier`;
    const list = await sourcesApi.list();
    this.schedule(list);
    return list;
  });

  private schedule(list: CourseSource[]): void {
    clearTimeout(this.poll);
    if (list.some((s) => s.status === 'updating') && this.isConnected)
      this.poll = setTimeout(() => void this.sources.reload(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  private async run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await action();
      this.notice = done;
      return true;
    } catch (err) {
      this.error = err instanceof ApiError && err.reason === 'invalid-source' ? err.message : errorText(err);
      return false;
    } finally {
      await this.sources.reload();
      this.busy = false;
    }
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const url = String(f.get('url') ?? '').trim();
    const ref = String(f.get('ref') ?? '').trim();
    if (!url) return form.querySelector<HTMLInputElement>('input[name=url]')?.focus();
    if (await this.run(() => sourcesApi.add(url, ref), t('sources.added'))) form.reset();
  }

  override render() {
    if (this.sources.error instanceof ApiError && this.sources.error.status === 403)
      return html`<div class="page refused">
        <h1>${t('sources.title')}</h1>
        <p class="error" role="alert">${this.sources.errorMessage}</p>
        <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
      </div>`;
    const error = this.error || this.sources.errorMessage;
    return html`<div class="page">
      <at-admin-tabs current="sources"></at-admin-tabs>
      <h1>${t('sources.title')}</h1>
      <p class="lead">${t('sources.intro')}</p>
      <div aria-live="polite">
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      </div>
      <div class="layout">
        <div class="panel table-panel">${this.renderTable()}</div>
        ${this.renderForm()}
      </div>
      ${this.renderRemoveDialog()}
    </div>`;
  }

  private renderTable() {
    const list = this.sources.value;
    if (!list) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    if (!list.length) return html`<p class="muted">${t('sources.empty')}</p>`;
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${t('sources.source')}</th>
          <th scope="col">${t('sources.state')}</th>
          <th scope="col">${t('sources.version')}</th>
          <th scope="col">${t('sources.lastUpdate')}</th>
          <th scope="col">${t('sources.courses')}</th>
          <th scope="col">${t('sources.actions')}</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((s) => this.renderRow(s))}
      </tbody>
    </table>`;
  }

  private renderRow(s: CourseSource) {
    const failed = s.status === 'failed' && s.lastErrors.length > 0;
    return html`<tr data-source=${s.id}>
        <td class="url">${shown(s)}</td>
        <td class="status-${s.status}" data-testid="status">${t(`sources.status.${s.status}`)}</td>
        <td>
          ${
            s.currentVersion
              ? html`<code title=${s.currentVersion}>${s.currentVersion.slice(0, 12)}</code>`
              : t('sources.noVersion')
          }
        </td>
        <td>
          ${s.updatedAt ? formatInstant(s.updatedAt) : t('sources.never')}
          ${
            s.attemptedAt && s.attemptedAt !== s.updatedAt
              ? html`<br /><span class="muted"
                    >${t('sources.lastAttempt')} : ${formatInstant(s.attemptedAt)}</span
                  >`
              : nothing
          }
        </td>
        <td>${s.serving.join(', ') || '—'}</td>
        <td>
          <div class="row-actions">
            <button
              class="btn btn-secondary"
              type="button"
              ?disabled=${this.busy || s.status === 'updating'}
              @click=${() => void this.run(() => sourcesApi.update(s.id), t('sources.updateStarted', { url: shown(s) }))}
            >
              ${t('sources.update')}
            </button>
            <button
              class="btn btn-danger"
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.confirmRemove(s)}
            >
              ${t('sources.remove')}
            </button>
          </div>
        </td>
      </tr>
      ${
        failed
          ? html`<tr class="errors-row">
              <td colspan="6">
                <p>${t('sources.errorsTitle')}</p>
                <ul class="errors" data-testid="errors">
                  ${s.lastErrors.map(
                    (e) =>
                      html`<li>
                        <code>${e.file}</code>${e.field ? html` (<code>${e.field}</code>)` : nothing} :
                        ${e.message}
                      </li>`,
                  )}
                </ul>
              </td>
            </tr>`
          : nothing
      }`;
  }

  private renderForm() {
    return html`<section class="panel" aria-labelledby="new-source">
      <h2 id="new-source">${t('sources.new')}</h2>
      <form @submit=${this.add} novalidate>
        <label class="field"
          >${t('sources.url')}
          <input name="url" required autocomplete="off" spellcheck="false" aria-describedby="url-hint" />
          <small id="url-hint" class="hint">${t('sources.urlHint')}</small>
        </label>
        <label class="field"
          >${t('sources.ref')}
          <input name="ref" autocomplete="off" spellcheck="false" aria-describedby="ref-hint" />
          <small id="ref-hint" class="hint">${t('sources.refHint')}</small>
        </label>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('sources.add')}</button>
      </form>
    </section>`;
  }

  private confirmRemove(s: CourseSource): void {
    this.toRemove = s;
    void this.updateComplete.then(() => this.removeDialog?.showModal());
  }

  private renderRemoveDialog() {
    const s = this.toRemove;
    return html`<dialog
      id="remove-dialog"
      aria-labelledby="remove-title"
      @close=${() => (this.toRemove = undefined)}
    >
      <h2 id="remove-title">${t('sources.remove')}</h2>
      <p>${s ? t('sources.removeConfirm', { url: shown(s) }) : ''}</p>
      <div class="actions">
        <button class="btn btn-secondary" type="button" @click=${() => this.removeDialog?.close()}>
          ${t('grid.cancel')}
        </button>
        <button
          class="btn btn-danger"
          type="button"
          @click=${() => {
            this.removeDialog?.close();
            if (s) void this.run(() => sourcesApi.remove(s.id), t('sources.removed', { url: shown(s) }));
          }}
        >
          ${t('sources.remove')}
        </button>
      </div>
    </dialog>`;
  }
}
