import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { errorText } from '../../lib/api.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { KeyboardState } from '../../../../server/realtime/keyboard-types.js';

export type WatchKeyboardState = 'idle' | 'pending' | 'granted';

/**
 * The trainer's side of the keyboard hand-over in a watch: ask (« Prendre le clavier »), wait for the
 * learner's answer, type while granted, give it back. The server decides: keys sent without a grant are
 * refused (no-keyboard) and the mirror goes back to read-only.
 */
export class WatchKeyboard implements ReactiveController {
  state: WatchKeyboardState = 'idle';
  /** The last outcome, in words (announced). */
  notice = '';
  error = '';
  private off?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly watchId: () => string | undefined,
    private readonly learnerName: () => string,
    private readonly changed: (granted: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const s = getSocket();
    const onState = (p: KeyboardState) => {
      if (p.watchId && p.watchId === this.watchId()) this.apply(p);
    };
    s.on('keyboard:state', onState);
    this.off = () => s.off('keyboard:state', onState);
  }

  hostDisconnected(): void {
    this.off?.();
  }

  /** The watch ended or started again (a reconnect): a grant never outlives it. */
  reset(): void {
    this.set('idle');
  }

  async request(): Promise<void> {
    const watchId = this.watchId();
    if (!watchId || this.state !== 'idle') return;
    this.error = '';
    this.notice = t('keyboard.pending', { name: this.learnerName() });
    this.set('pending');
    try {
      const ack = await getSocket().timeout(10_000).emitWithAck('keyboard:request', { watchId });
      if (!ack.ok) {
        this.error = errorText(ack);
        this.notice = '';
        return this.set('idle');
      }
      if (ack.granted) this.set('granted');
    } catch (err) {
      this.error = errorText(err);
      this.set('idle');
    }
  }

  release(): void {
    const watchId = this.watchId();
    if (watchId) getSocket().emit('keyboard:release', { watchId });
  }

  type(data: string): void {
    const watchId = this.watchId();
    if (!watchId || this.state !== 'granted') return;
    getSocket().emit('keyboard:input', { watchId, data }, (ack) => {
      if (!ack.ok && this.state === 'granted') {
        this.error = errorText(ack);
        this.set('idle');
      }
    });
  }

  private apply(p: KeyboardState): void {
    const name = this.learnerName();
    if (p.state === 'granted') {
      this.error = '';
      this.notice = t('keyboard.trainer.granted', { name });
      return this.set('granted');
    }
    this.notice =
      p.state === 'declined'
        ? t('keyboard.trainer.declined', { name })
        : p.state === 'expired'
          ? t('keyboard.trainer.expired', { name })
          : p.reason === 'revoked'
            ? t('keyboard.trainer.revoked', { name })
            : p.reason === 'released'
              ? t('keyboard.trainer.released')
              : t('keyboard.trainer.lost', { name });
    this.set('idle');
  }

  private set(state: WatchKeyboardState): void {
    const was = this.state;
    this.state = state;
    this.host.requestUpdate();
    if ((was === 'granted') !== (state === 'granted')) this.changed(state === 'granted');
  }
}

/** The hand-over bar under the watch's head: ask, wait, or type and give back. */
export function renderWatchKeyboard(k: WatchKeyboard, learnerName: string, watching: boolean) {
  const status = html`<span class="kb-status" role="status" aria-live="polite"
    >${k.state === 'granted' ? t('keyboard.trainer.hint') : k.notice}</span
  >`;
  return html`<div class="kb ${k.state}" data-testid="watch-keyboard">
    ${
      k.state === 'granted'
        ? html`<strong class="kb-banner" data-testid="watch-keyboard-banner"
              >${t('keyboard.trainer.banner', { name: learnerName })}</strong
            >
            ${status}
            <button class="btn btn-small give-back" type="button" @click=${() => k.release()}>
              ${t('keyboard.giveBack')}
            </button>`
        : html`<button
              class="btn btn-small take"
              type="button"
              ?disabled=${!watching || k.state === 'pending'}
              @click=${() => void k.request()}
            >
              ${t('keyboard.take')}
            </button>
            ${status}`
    }
    ${k.error ? html`<span class="error" role="alert">${k.error}</span>` : nothing}
  </div>`;
}
