import { html, LitElement, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket, type Ack } from '../../lib/socket.js';
import type {
  KeyboardPending,
  KeyboardRequested,
  KeyboardState,
} from '../../../../server/realtime/keyboard-types.js';
import { keyboardBannerStyles } from './keyboard-banner.styles.js';

/**
 * The learner's side of the keyboard hand-over, on every page (a request reaches them wherever they are):
 * a dialog when a trainer asks for the keyboard (Accepter / Refuser: nothing is typed without it), and
 * while a trainer holds it a banner with « Reprendre le clavier » (one click). Changes are announced to
 * screen readers. Several tabs of the learner stay in step: the server tells each one (`keyboard:state`).
 */
export class AtKeyboardBanner extends LitElement {
  static override styles = keyboardBannerStyles;

  @state() private requests: KeyboardRequested[] = [];
  /** labId → the trainer's name. */
  @state() private grants = new Map<string, string>();
  /** The last change, for screen readers (the banner's own text is announced when it appears). */
  @state() private announce = '';
  @query('dialog') private dialog?: HTMLDialogElement;
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onRequested = (r: KeyboardRequested) => {
      this.requests = [...this.requests.filter((q) => q.requestId !== r.requestId), r];
    };
    const onState = (p: KeyboardState) => this.apply(p);
    const onConnect = () => void this.sync();
    const onDisconnect = () => {
      this.requests = [];
      this.grants = new Map();
    };
    s.on('keyboard:requested', onRequested).on('keyboard:state', onState);
    s.on('connect', onConnect).on('disconnect', onDisconnect);
    this.unlisten = () => {
      s.off('keyboard:requested', onRequested).off('keyboard:state', onState);
      s.off('connect', onConnect).off('disconnect', onDisconnect);
    };
    if (s.connected) void this.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  /** Requests still open and grants in force (a page opened or reconnected meanwhile). */
  private async sync(): Promise<void> {
    let ack: Ack<KeyboardPending>;
    try {
      ack = await getSocket().timeout(10_000).emitWithAck('keyboard:pending', {});
    } catch {
      return; // lost with the connection: synced again on 'connect'
    }
    if (!ack.ok) return;
    this.requests = ack.requests;
    this.grants = new Map(ack.grants.map((g) => [g.labId, g.by]));
  }

  private apply(p: KeyboardState): void {
    if (p.watchId) return; // the trainer's side of a hand-over (their watch), not this user's keyboard
    if (p.requestId) this.requests = this.requests.filter((r) => r.requestId !== p.requestId);
    if (p.state === 'granted') this.grants = new Map(this.grants).set(p.labId, p.by);
    if (p.state !== 'ended' || !this.grants.has(p.labId)) return;
    const next = new Map(this.grants);
    next.delete(p.labId);
    this.grants = next;
    this.announce =
      p.reason === 'revoked'
        ? t('keyboard.learner.takenBack')
        : p.reason === 'released'
          ? t('keyboard.learner.given', { name: p.by })
          : t('keyboard.learner.ended');
  }

  protected override updated(): void {
    const d = this.dialog;
    if (!d) return;
    if (this.requests.length > 0 && !d.open) d.showModal();
    if (this.requests.length === 0 && d.open) d.close();
  }

  private answer(accept: boolean): void {
    const r = this.requests[0];
    if (!r) return;
    this.requests = this.requests.slice(1);
    getSocket().emit('keyboard:answer', { requestId: r.requestId, accept });
  }

  private takeBack(): void {
    for (const labId of this.grants.keys()) getSocket().emit('keyboard:revoke', { labId });
  }

  override render() {
    const r = this.requests[0];
    const by = [...new Set(this.grants.values())].join(', ');
    return html`${
        this.grants.size > 0
          ? html`<div class="keyboard" data-testid="keyboard-banner">
              <span role="alert">${t('keyboard.learner.banner', { name: by })}</span>
              <button class="btn btn-small take-back" type="button" @click=${this.takeBack}>
                ${t('keyboard.takeBack')}
              </button>
            </div>`
          : nothing
      }
      <p class="sr-only" role="status" aria-live="polite">${this.announce}</p>
      <dialog
        role="alertdialog"
        aria-labelledby="keyboard-title"
        aria-describedby="keyboard-text"
        data-testid="keyboard-request"
        @cancel=${(e: Event) => {
          // Escape answers « Refuser »: a request never stays open behind a closed dialog.
          e.preventDefault();
          this.answer(false);
        }}
      >
        <h2 id="keyboard-title">${t('keyboard.request.title')}</h2>
        <p id="keyboard-text">${r ? t('keyboard.request.text', { name: r.by }) : ''}</p>
        <p class="detail">${t('keyboard.request.detail')}</p>
        <div class="actions">
          <button class="btn btn-secondary" type="button" @click=${() => this.answer(false)}>
            ${t('keyboard.decline')}
          </button>
          <button class="btn btn-primary" type="button" @click=${() => this.answer(true)}>
            ${t('keyboard.accept')}
          </button>
        </div>
      </dialog>`;
  }
}
