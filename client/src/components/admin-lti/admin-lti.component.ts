import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { ltiApi, type LtiKey, type LtiPlatform, type LtiToolValues } from '../../lib/lti-api.js';
import type { MessageKey } from '../../lib/messages.js';
import { adminLtiStyles } from './admin-lti.styles.js';
import '../admin-tabs/admin-tabs.js';

interface Loaded {
  tool: LtiToolValues;
  platforms: LtiPlatform[];
  keys: LtiKey[];
}

const PLATFORM_FIELDS: [name: string, label: MessageKey, type: string][] = [
  ['name', 'lti.name', 'text'],
  ['issuer', 'lti.issuer', 'url'],
  ['clientId', 'lti.clientId', 'text'],
  ['authLoginUrl', 'lti.authLoginUrl', 'url'],
  ['tokenUrl', 'lti.tokenUrl', 'url'],
  ['keysetUrl', 'lti.keysetUrlPlatform', 'url'],
];

/**
 * `/admin/lti`: the values to paste into the LMS, the registered platforms (add, remove) and our signing
 * keys (rotate). docs/LTI.md walks an admin through it.
 */
export class AtAdminLti extends LitElement {
  static override styles = adminLtiStyles;

  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;

  private readonly data = new LoadController<Loaded>(this, async () => {
    document.title = `${t('lti.title')} · Atelier`;
    const [{ tool, platforms }, keys] = await Promise.all([ltiApi.platforms(), ltiApi.keys()]);
    return { tool, platforms, keys };
  });

  private async run(action: () => Promise<string>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      this.notice = await action();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      await this.data.reload();
      this.busy = false;
    }
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const f = new FormData(formEl);
    const v = (k: string) => String(f.get(k) ?? '').trim();
    const input = {
      name: v('name'),
      issuer: v('issuer'),
      clientId: v('clientId'),
      deploymentIds: v('deploymentIds')
        .split(/[\s,]+/)
        .filter(Boolean),
      authLoginUrl: v('authLoginUrl'),
      tokenUrl: v('tokenUrl'),
      keysetUrl: v('keysetUrl'),
    };
    const ok = await this.run(async () => {
      await ltiApi.addPlatform(input);
      return t('lti.added', { name: input.name });
    });
    if (ok) formEl.reset();
  }

  private removePlatform(p: LtiPlatform): void {
    if (!confirm(t('lti.removeConfirm', { name: p.name }))) return;
    void this.run(async () => {
      await ltiApi.removePlatform(p.id);
      return t('lti.removed', { name: p.name });
    });
  }

  private rotate(): void {
    void this.run(async () => t('lti.rotated', { kid: (await ltiApi.rotateKeys()).kid }));
  }

  override render() {
    const d = this.data.value;
    return html`<div class="page">
      <at-admin-tabs current="lti"></at-admin-tabs>
      <h1>${t('lti.title')}</h1>
      <p class="lead">${t('lti.intro')}</p>
      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
        ${!d && this.data.errorMessage ? html`<p class="error" role="alert">${this.data.errorMessage}</p>` : nothing}
      </div>
      ${
        d
          ? html`<div class="layout">
              <div>
                ${this.renderTool(d.tool)} ${this.renderPlatforms(d.platforms)} ${this.renderKeys(d.keys)}
              </div>
              ${this.renderForm()}
            </div>`
          : html`<p class="muted" role="status">${t('app.loading')}</p>`
      }
    </div>`;
  }

  private renderTool(tool: LtiToolValues) {
    const rows: [MessageKey, string][] = [
      ['lti.toolUrl', tool.toolUrl],
      ['lti.loginUrl', tool.loginUrl],
      ['lti.redirectUri', tool.redirectUris.join('\n')],
      ['lti.keysetUrl', tool.keysetUrl],
      ['lti.deepLinkingUrl', tool.deepLinkingUrl],
    ];
    return html`<section class="panel" aria-labelledby="lti-tool">
      <h2 id="lti-tool">${t('lti.toolTitle')}</h2>
      <dl class="values">
        ${rows.map(
          ([label, value]) =>
            html`<dt>${t(label)}</dt>
              <dd><code>${value}</code></dd>`,
        )}
      </dl>
    </section>`;
  }

  private renderPlatforms(platforms: LtiPlatform[]) {
    return html`<section class="panel table-panel" aria-labelledby="lti-platforms">
      <h2 id="lti-platforms">${t('lti.platforms')}</h2>
      ${
        platforms.length
          ? html`<table>
              <thead>
                <tr>
                  <th>${t('lti.name')}</th>
                  <th>${t('lti.issuer')}</th>
                  <th>${t('lti.clientId')}</th>
                  <th>${t('lti.deploymentIds')}</th>
                  <th><span class="sr-only">${t('grid.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${platforms.map(
                  (p) =>
                    html`<tr data-platform=${p.id}>
                      <td>${p.name}</td>
                      <td><code>${p.issuer}</code></td>
                      <td><code>${p.clientId}</code></td>
                      <td>${p.deploymentIds.join(', ')}</td>
                      <td>
                        <button
                          class="btn btn-secondary"
                          type="button"
                          ?disabled=${this.busy}
                          @click=${() => this.removePlatform(p)}
                        >
                          ${t('lti.remove')}
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">${t('lti.empty')}</p>`
      }
    </section>`;
  }

  private renderKeys(keys: LtiKey[]) {
    return html`<section class="panel table-panel" aria-labelledby="lti-keys">
      <h2 id="lti-keys">${t('lti.keys')}</h2>
      <p class="muted">${t('lti.keysIntro')}</p>
      <table>
        <thead>
          <tr>
            <th>${t('lti.kid')}</th>
            <th>${t('lti.created')}</th>
            <th>${t('lti.class.state')}</th>
          </tr>
        </thead>
        <tbody>
          ${keys.map(
            (k) =>
              html`<tr>
                <td><code>${k.kid}</code></td>
                <td>${formatInstant(k.createdAt)}</td>
                <td>
                  ${k.retiredAt === null ? t('lti.current') : t('lti.retired', { date: formatInstant(k.retiredAt) })}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <button class="btn btn-secondary" type="button" ?disabled=${this.busy} @click=${() => this.rotate()}>
        ${t('lti.rotate')}
      </button>
    </section>`;
  }

  private renderForm() {
    return html`<section class="panel" aria-labelledby="lti-new">
      <h2 id="lti-new">${t('lti.new')}</h2>
      <form @submit=${(e: SubmitEvent) => this.add(e)}>
        ${PLATFORM_FIELDS.map(
          ([name, label, type]) =>
            html`<label
              >${t(label)}<input name=${name} type=${type} required maxlength="2048" autocomplete="off"
            /></label>`,
        )}
        <label
          >${t('lti.deploymentIds')}
          <textarea name="deploymentIds" rows="2" required aria-describedby="lti-dep-hint"></textarea>
          <small class="hint" id="lti-dep-hint">${t('lti.deploymentHint')}</small>
        </label>
        <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t('lti.add')}</button>
      </form>
    </section>`;
  }
}
