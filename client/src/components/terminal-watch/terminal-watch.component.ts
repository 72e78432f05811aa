import type { Terminal } from '@xterm/xterm';
import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import { bufferText, otherShellTerminal, writeShellChunk } from '../terminal/other-shell.js';
import { terminalWatchStyles } from './terminal-watch.styles.js';
import { renderWatchFile, WatchFile } from './watch-file.js';
import { renderWatchKeyboard, WatchKeyboard } from './watch-keyboard.js';

type Mirror = { watchId: string; data: ArrayBuffer | Uint8Array; reset: boolean; machine?: string };
type MirrorSize = { watchId: string; cols: number; rows: number };

/**
 * A trainer's read-only mirror of a learner's terminal (`terminal:watch`). Input is disabled in xterm and
 * the server never routes anything from here to the shell, unless the learner accepted to hand over their
 * keyboard (« Prendre le clavier », watch-keyboard.ts): then keys go out as `keyboard:input`. The screen takes the learner's size. Fires
 * `close` when the trainer closes it; leaving the page ends the watch. A watch lives as long as the
 * socket: after a reconnect (a server restart included) it is started again, and the server repaints it.
 */
export class AtTerminalWatch extends LitElement {
  static override styles = terminalWatchStyles;

  @property() labId = '';
  @property() learnerName = '';
  @state() private waiting = true;
  @state() private error = '';
  /** The machine whose shell is mirrored (it follows the learner's tab). */
  @state() private machine = '';
  /** The socket is away ('restarting': the server said it restarts); the mirror resumes on 'connect'. */
  @state() private offline: '' | 'offline' | 'restarting' = '';
  @query('.screen') private screen!: HTMLDivElement;
  private term?: Terminal;
  private watchId?: string;
  /** Mirror chunks that arrive before the ack names the watch. */
  private early: Mirror[] = [];
  private unlisten?: () => void;
  private startSeq = 0;
  private readonly keyboard = new WatchKeyboard(
    this,
    () => this.watchId,
    () => this.learnerName,
    (granted) => this.typing(granted),
  );
  /** The file open in the learner's editor, readable here. */
  private readonly file = new WatchFile(
    this,
    () => this.labId,
    () => this.watchId,
    () => this.renderRoot.querySelector<HTMLElement>('.file-view'),
  );

  constructor() {
    super();
    new I18nController(this);
  }

  /** The mirrored screen's text (for tests). */
  readScreen(): string {
    return bufferText(this.term);
  }

  protected override firstUpdated(): void {
    this.term = otherShellTerminal({ disableStdin: true, cursorBlink: false });
    this.term.open(this.screen);
    // Read-only: every key stays with the page (xterm would otherwise swallow Tab and trap the keyboard).
    // With the learner's keyboard, keys go to the shell but F6, which comes back to « Rendre le clavier ».
    this.term.attachCustomKeyEventHandler((e) => {
      if (this.keyboard.state !== 'granted') return false;
      if (e.key !== 'F6') return true;
      if (e.type === 'keydown') this.renderRoot.querySelector<HTMLButtonElement>('.give-back')?.focus();
      e.preventDefault();
      return false;
    });
    this.term.onData((data) => this.keyboard.type(data));
    const s = getSocket();
    const onMirror = (m: Mirror) => {
      if (!this.watchId) return void this.early.push(m);
      if (m.watchId === this.watchId) this.write(m);
    };
    const onSize = (m: MirrorSize) => {
      if (m.watchId === this.watchId) this.term?.resize(m.cols, m.rows);
    };
    const onConnect = () => {
      this.offline = '';
      void this.start();
    };
    const onDisconnect = () => {
      this.startSeq++;
      this.watchId = undefined;
      this.keyboard.reset();
      this.early = [];
      if (this.offline !== 'restarting') this.offline = 'offline';
    };
    const onRestarting = () => (this.offline = 'restarting');
    s.on('terminal:mirror', onMirror)
      .on('terminal:mirror-size', onSize)
      .on('server:restarting', onRestarting);
    s.on('connect', onConnect).on('disconnect', onDisconnect);
    this.unlisten = () => {
      this.startSeq++;
      s.off('terminal:mirror', onMirror)
        .off('terminal:mirror-size', onSize)
        .off('server:restarting', onRestarting);
      s.off('connect', onConnect).off('disconnect', onDisconnect);
      if (this.watchId && s.connected) s.emit('terminal:unwatch', { watchId: this.watchId });
    };
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this.term?.dispose();
    this.term = undefined;
  }

  private async start(): Promise<void> {
    const s = getSocket();
    if (!s.connected) return void (this.offline ||= 'offline'); // the 'connect' listener comes back here
    const seq = ++this.startSeq;
    try {
      const ack = await s.timeout(10_000).emitWithAck('terminal:watch', { labId: this.labId });
      if (seq !== this.startSeq) {
        // Disconnected or closed meanwhile: a watch that still started is nobody's.
        if (ack.ok && s.connected) s.emit('terminal:unwatch', { watchId: ack.watchId });
        return;
      }
      if (!ack.ok) return void (this.error = errorText(ack));
      this.error = '';
      this.keyboard.reset();
      this.watchId = ack.watchId;
      this.term?.resize(ack.cols, ack.rows);
      this.waiting = !ack.live;
      this.machine = ack.machine ?? '';
      this.file.show(ack.file);
      for (const m of this.early.splice(0)) if (m.watchId === ack.watchId) this.write(m);
    } catch (err) {
      // Lost with the connection: not an error, the watch starts again on 'connect'.
      if (seq === this.startSeq && s.connected) this.error = errorText(err);
    }
  }

  /** The mirror takes keys while the trainer holds the learner's keyboard. */
  private typing(granted: boolean): void {
    if (!this.term) return;
    this.term.options.disableStdin = !granted;
    this.term.options.cursorBlink = granted;
    if (granted) this.term.focus();
  }

  private write(m: Mirror): void {
    if (m.reset && m.machine) this.machine = m.machine;
    this.waiting = false;
    writeShellChunk(this.term, m.data, m.reset);
  }

  override render() {
    return html`<div class="head">
        <h2>${t('watch.title', { name: this.learnerName })}</h2>
        ${
          this.keyboard.state === 'granted'
            ? nothing
            : html`<span class="badge">${t('watch.readOnly')}</span>`
        }
        ${
          this.machine
            ? html`<span
                class="machine"
                data-testid="watch-machine"
                title=${t('watch.machine', { machine: this.machine })}
                >root@${this.machine}<span class="sr-only"
                  >${t('watch.machine', { machine: this.machine })}</span
                ></span
              >`
            : nothing
        }
        <span class="spacer"></span>
        <button
          class="btn btn-small close"
          type="button"
          @click=${() => this.dispatchEvent(new Event('close'))}
        >
          ${t('watch.close')}
        </button>
      </div>
      ${renderWatchKeyboard(this.keyboard, this.learnerName, !!this.watchId)} ${renderWatchFile(this.file)}
      <div class="file-view" ?hidden=${!this.file.open || !this.file.file}></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.offline
          ? html`<p class="waiting" role="status" data-testid="watch-offline">
              ${t(this.offline === 'restarting' ? 'term.restarting' : 'term.reconnecting')}
            </p>`
          : this.waiting && !this.error
            ? html`<p class="waiting" role="status">${t('watch.waiting')}</p>`
            : nothing
      }
      <div class="screen" role="log" aria-label=${t('watch.title', { name: this.learnerName })}></div>`;
  }
}
