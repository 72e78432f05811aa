import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t, type MessageKey } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { MessagePayload } from '../../lib/types.js';
import { eyeIcon, messageIcon } from '../../styles/trainer-icons.js';
import { noticesStyles } from './notices.styles.js';

const TOAST_MS = 20_000;

/** What a trainer did to the learner's lab, in the learner's words (the trainer's own text follows). */
const LAB_NOTICE: Record<Exclude<MessagePayload['kind'], 'message'>, MessageKey> = {
  'lab-reset': 'notice.labReset',
  'lab-catch-up': 'notice.labCatchUp',
  'lab-restore': 'notice.labRestore',
};
const MAX_TOASTS = 4;

/**
 * What trainers send to a learner: messages (toasts under the header, in the page's flow so they cover
 * neither the terminal nor the lesson; newest last, closing by themselves after 20 s or by their ×) and
 * the "your trainer is watching" banner while a trainer mirrors one of the learner's terminals, and a
 * "server restarting" banner from `server:restarting` until the socket is back.
 */
export class AtNotices extends LitElement {
  static override styles = noticesStyles;

  @state() private toasts: MessagePayload[] = [];
  @state() private watching = new Map<string, string>(); // labId → trainer
  @state() private restarting = false;
  private unlisten?: () => void;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onMessage = (m: MessagePayload) => {
      this.toasts = [...this.toasts, m].slice(-MAX_TOASTS);
      const timer = setTimeout(() => this.dismiss(m.id), TOAST_MS);
      this.timers.add(timer);
    };
    const onWatching = (p: { labId: string; watching: boolean; by?: string }) => {
      const next = new Map(this.watching);
      if (p.watching) next.set(p.labId, p.by ?? '');
      else next.delete(p.labId);
      this.watching = next;
    };
    const onDisconnect = () => (this.watching = new Map());
    const onRestarting = () => (this.restarting = true);
    const onConnect = () => (this.restarting = false);
    s.on('message:received', onMessage).on('trainer:watching', onWatching).on('disconnect', onDisconnect);
    s.on('server:restarting', onRestarting).on('connect', onConnect);
    this.unlisten = () =>
      s
        .off('message:received', onMessage)
        .off('trainer:watching', onWatching)
        .off('disconnect', onDisconnect)
        .off('server:restarting', onRestarting)
        .off('connect', onConnect);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    for (const timer of this.timers) clearTimeout(timer);
  }

  private dismiss(id: string): void {
    this.toasts = this.toasts.filter((m) => m.id !== id);
  }

  override render() {
    const by = [...new Set(this.watching.values())].filter(Boolean).join(', ');
    return html`${
        this.restarting
          ? html`<div class="restarting" role="status" data-testid="restarting-banner">
              <span class="spinner" aria-hidden="true"></span><span>${t('app.restarting')}</span>
            </div>`
          : nothing
      }${
        this.watching.size > 0
          ? html`<div class="watching" role="status" data-testid="watching-banner">
              ${eyeIcon}<span>${t('notice.watching', { name: by || '—' })}</span>
            </div>`
          : nothing
      }
      <div
        class="toasts ${this.toasts.length ? 'some' : ''}"
        role="log"
        aria-live="polite"
        aria-label=${t('forms.messages')}
        data-testid="toasts"
      >
        ${this.toasts.map(
          (m) =>
            html`<div class="toast ${m.kind}" data-testid="toast">
              <span class="icon" aria-hidden="true">${messageIcon}</span>
              <div class="body">
                ${
                  m.kind === 'message'
                    ? html`<p class="from">${t('notice.from', { name: m.from })}</p>
                        <p class="text">${m.text}</p>`
                    : html`<p class="text">${t(LAB_NOTICE[m.kind], { name: m.from })}</p>
                        ${m.text ? html`<p class="text">${m.text}</p>` : nothing}`
                }
              </div>
              <button
                class="close"
                type="button"
                aria-label=${t('notice.close')}
                @click=${() => this.dismiss(m.id)}
              >
                ×
              </button>
            </div>`,
        )}
      </div>`;
  }
}
