import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import {
  addressText,
  fieldsOf,
  isSameAddress,
  normalizePath,
  parsePort,
  pathForProxy,
  type AddressFields,
} from '../../lib/lab-tabs.js';
import type { PreviewEntry } from '../../lib/types.js';
import { externalIcon, resetIcon } from '../../styles/icons.js';
import { labBrowserStyles } from './lab-browser.styles.js';

/**
 * The Browser tab: a page served by one of the learner's lab machines (`http://<machine>:<port><path>`),
 * through the preview proxy's capability URL, in a sandboxed iframe (the proxy also sends a CSP sandbox,
 * so the page has an opaque origin even opened on its own). It opens its first address the first time
 * it is shown with the lab running.
 */
export class AtLabBrowser extends LitElement {
  static override styles = labBrowserStyles;

  @property() labId = '';
  /** The lab is running: before that there is nothing to show. */
  @property({ type: Boolean }) running = false;
  /** The tab is the one shown (a hidden Browser loads nothing). */
  @property({ type: Boolean }) shown = false;
  @property({ attribute: false }) machines: string[] = [];
  @property({ attribute: false }) pages: PreviewEntry[] = [];
  /** The address bar's first value (the course's first page, else port 80 of the default machine). */
  @property({ attribute: false }) initial?: AddressFields;
  @state() private fields: AddressFields = { machine: '', port: '80', path: '/' };
  @state() private shownAddress?: AddressFields;
  @state() private url = '';
  @state() private loading = false;
  @state() private error = '';
  /** Bumped to recreate the iframe: a sandboxed frame cannot be told to reload from here. */
  @state() private generation = 0;
  /** The first load happens once per running lab; afterwards only the learner asks. */
  private autoLoaded = false;

  constructor() {
    super();
    new I18nController(this);
  }

  /** Asks again for the page shown (after a lab reset the proxy may hand out a new address). */
  reload(): void {
    if (this.shownAddress) void this.open(this.shownAddress);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('labId')) {
      this.url = '';
      this.shownAddress = undefined;
      this.autoLoaded = false;
    }
    if (changed.has('initial') && this.initial && !this.fields.machine) this.fields = { ...this.initial };
    if (changed.has('running') && !this.running) this.autoLoaded = false;
  }

  protected override updated(): void {
    if (this.shown && this.running && this.labId && !this.autoLoaded && this.fields.machine) {
      this.autoLoaded = true;
      void this.open(this.fields);
    }
  }

  private async open(address: AddressFields): Promise<void> {
    const port = parsePort(address.port);
    if (port === undefined) return void (this.error = t('browser.badPort'));
    const target = { ...address, path: normalizePath(address.path) };
    this.fields = target;
    this.loading = true;
    this.error = '';
    try {
      const { url } = await api.preview(this.labId, {
        machine: target.machine,
        port,
        path: pathForProxy(target.path),
      });
      this.url = url;
      this.shownAddress = target;
      this.generation++;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.loading = false;
    }
  }

  private set(field: keyof AddressFields, e: Event): void {
    this.fields = { ...this.fields, [field]: (e.target as HTMLInputElement | HTMLSelectElement).value };
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    void this.open(this.fields);
  }

  private openWindow(): void {
    if (this.url) window.open(this.url, '_blank', 'noopener,noreferrer');
  }

  override render() {
    const off = !this.running || this.loading;
    return html`<form class="bar" @submit=${this.onSubmit} aria-label=${t('browser.label')}>
        <span class="address">
          <span class="scheme" aria-hidden="true">http://</span>
          <select
            aria-label=${t('browser.machine')}
            .value=${live(this.fields.machine)}
            ?disabled=${this.machines.length < 2}
            @change=${(e: Event) => this.set('machine', e)}
          >
            ${this.machines.map((m) => html`<option value=${m} ?selected=${m === this.fields.machine}>${m}</option>`)}
          </select>
          <span class="sep" aria-hidden="true">:</span>
          <input
            class="port"
            aria-label=${t('browser.port')}
            inputmode="numeric"
            maxlength="5"
            autocomplete="off"
            .value=${live(this.fields.port)}
            @input=${(e: Event) => this.set('port', e)}
          />
          <input
            class="path"
            aria-label=${t('browser.path')}
            autocomplete="off"
            spellcheck="false"
            placeholder="/"
            .value=${live(this.fields.path)}
            @input=${(e: Event) => this.set('path', e)}
          />
        </span>
        <span class="buttons">
          <button class="btn btn-primary btn-small" type="submit" ?disabled=${off}>${t('browser.go')}</button>
          <button
            class="btn btn-secondary btn-small"
            type="button"
            title=${t('browser.reload')}
            ?disabled=${off || !this.shownAddress}
            @click=${() => this.reload()}
          >
            ${resetIcon}<span class="sr-only">${t('browser.reload')}</span>
          </button>
          <button
            class="btn btn-secondary btn-small"
            type="button"
            title=${t('browser.newWindow')}
            ?disabled=${!this.url || !this.running}
            @click=${() => this.openWindow()}
          >
            ${externalIcon}<span class="sr-only">${t('browser.newWindow')}</span>
          </button>
        </span>
      </form>
      ${this.renderPages()} ${this.renderView()}`;
  }

  private renderPages() {
    if (this.pages.length === 0) return nothing;
    return html`<ul class="pages" aria-label=${t('browser.picks')}>
      ${this.pages.map((p) => {
        const fields = fieldsOf(p);
        const current = !!this.shownAddress && isSameAddress(fields, this.shownAddress);
        return html`<li>
          <button
            type="button"
            class="page"
            aria-pressed=${current ? 'true' : 'false'}
            title=${addressText(fields)}
            ?disabled=${!this.running || this.loading}
            @click=${() => void this.open(fields)}
          >
            ${p.title}<span class="where">${p.machine}:${p.port}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private renderView() {
    if (!this.running)
      return html`<div class="view message" role="status">
        <p>${t('browser.notRunning')}</p>
      </div>`;
    if (this.error)
      return html`<div class="view message">
        <p class="error" role="alert">${this.error}</p>
      </div>`;
    if (!this.url)
      return html`<div class="view message" role="status">
        <p><span class="spinner" aria-hidden="true"></span> ${t('browser.loading')}</p>
      </div>`;
    const address = this.shownAddress ? addressText(this.shownAddress) : '';
    // The sandbox keeps the page off the platform's origin even if the proxy's own CSP were missing.
    return keyed(
      this.generation,
      html`<iframe
        class="view"
        src=${this.url}
        title=${t('browser.frameTitle', { address })}
        sandbox="allow-scripts allow-forms allow-popups"
        referrerpolicy="no-referrer"
        data-testid="preview-frame"
      ></iframe>`,
    );
  }
}
