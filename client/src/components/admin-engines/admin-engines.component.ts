import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError, errorText } from '../../lib/api.js';
import { engineBadge, labsText, memoryText, nextMode } from '../../lib/engine-format.js';
import { enginesApi, type EngineView } from '../../lib/engines-api.js';
import { formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { adminEnginesStyles } from './admin-engines.styles.js';
import '../admin-tabs/admin-tabs.js';

/** The engines' health and room change on their own: read again this often while the page is seen. */
const POLL_MS = 5000;

/**
 * `/admin/engines`: the Docker Engines behind the labs: each one's state (since when, and why it is down),
 * its labs and memory out of its capacity, its lab images; draining one sends new labs elsewhere.
 */
export class AtAdminEngines extends LitElement {
  static override styles = adminEnginesStyles;

  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  private poll?: ReturnType<typeof setTimeout>;

  private readonly engines = new LoadController<EngineView[]>(this, async () => {
    document.title = `${t('engines.title')} · Atelier`;
    try {
      return await enginesApi.list();
    } finally {
      this.schedule(); // a failed read (server restarting) is tried again too
    }
  });

  private readonly onVisibility = () => {
    if (!document.hidden) void this.engines.reload();
  };

  /** The next read; a hidden tab skips it (the page reads again when it shows). */
  private schedule(): void {
    clearTimeout(this.poll);
    if (this.isConnected)
      this.poll = setTimeout(() => (document.hidden ? this.schedule() : void this.engines.reload()), POLL_MS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearTimeout(this.poll);
  }

  private async toggle(e: EngineView): Promise<void> {
    const mode = nextMode(e);
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      await enginesApi.setMode(e.name, mode);
      this.notice = t(mode === 'draining' ? 'engines.drained' : 'engines.activated', { name: e.name });
    } catch (err) {
      this.error = errorText(err);
    } finally {
      await this.engines.reload();
      this.busy = false;
    }
  }

  override render() {
    if (this.engines.error instanceof ApiError && this.engines.error.status === 403)
      return html`<div class="page refused">
        <h1>${t('engines.title')}</h1>
        <p class="error" role="alert">${this.engines.errorMessage}</p>
        <a class="btn btn-secondary" href="/">${t('app.backHome')}</a>
      </div>`;
    const error = this.error || this.engines.errorMessage;
    return html`<div class="page">
      <at-admin-tabs current="engines"></at-admin-tabs>
      <h1>${t('engines.title')}</h1>
      <p class="lead">${t('engines.intro')}</p>
      <div aria-live="polite">
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      </div>
      <div class="panel table-panel">${this.renderTable()}</div>
    </div>`;
  }

  private renderTable() {
    const list = this.engines.value;
    if (!list) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    if (!list.length) return html`<p class="muted">${t('engines.empty')}</p>`;
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${t('engines.engine')}</th>
          <th scope="col">${t('engines.state')}</th>
          <th scope="col">${t('engines.labs')}</th>
          <th scope="col">${t('engines.memory')}</th>
          <th scope="col">${t('engines.images')}</th>
          <th scope="col">${t('engines.actions')}</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((e) => this.renderRow(e))}
      </tbody>
    </table>`;
  }

  private renderRow(e: EngineView) {
    const badge = engineBadge(e);
    const labs = labsText(e);
    const drain = nextMode(e) === 'draining';
    return html`<tr data-engine=${e.name}>
      <th scope="row">
        ${e.name}
        <span class="sub address">${e.address}</span>
      </th>
      <td class="state">
        <span class="badge ${badge.tone}" data-testid="state">${badge.text}</span>
        ${
          e.state === 'down' && e.mode === 'draining'
            ? html`<span class="sub">${t('engines.downDraining')}</span>`
            : nothing
        }
        <span class="sub">${t('engines.since')} ${formatInstant(e.since)}</span>
        ${
          e.state === 'down' && e.reason
            ? html`<span class="reason">${t('engines.reason', { reason: e.reason })}</span>`
            : nothing
        }
      </td>
      <td class="num">
        ${labs.used}
        ${e.used.pooled ? html`<span class="sub">${t('engines.pooled', { n: e.used.pooled })}</span>` : nothing}
        <span class="sub">${labs.free}</span>
      </td>
      <td class="num">${memoryText(e)}</td>
      <td class="num">${e.images.ready} / ${e.images.total}</td>
      <td>
        <button
          class="btn ${drain ? 'btn-secondary' : 'btn-primary'}"
          type="button"
          aria-label="${t(drain ? 'engines.drain' : 'engines.activate')} ${e.name}"
          ?disabled=${this.busy}
          @click=${() => void this.toggle(e)}
        >
          ${t(drain ? 'engines.drain' : 'engines.activate')}
        </button>
      </td>
    </tr>`;
  }
}
