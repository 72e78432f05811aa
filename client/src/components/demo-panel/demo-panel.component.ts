import type { Terminal } from '@xterm/xterm';
import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { DemoState } from '../../../../server/realtime/demo-types.js';
import { onTerminalFontSize, terminalFontSize } from '../terminal/terminal-settings.js';
import { bufferText, otherShellTerminal, writeShellChunk } from '../terminal/other-shell.js';
import { demoPanelStyles } from './demo-panel.styles.js';

type DemoOutput = { watchId: string; data: ArrayBuffer | Uint8Array; reset: boolean };
type DemoSize = { watchId: string; cols: number; rows: number };

const HIDDEN_KEY = 'atelier.demo.hidden';

/**
 * « Démo du formateur » beside the lesson: the trainer's terminal, live and read-only, while a trainer of
 * one of the learner's classes that has this course runs a demo. At the learner's own font size, with the
 * trainer's columns and rows (no reflow). A page opened late asks what runs (`demo:current`) and the
 * server replays the screen. The learner may hide it (remembered in this browser tab); hidden, nothing
 * is streamed.
 */
export class AtDemoPanel extends LitElement {
  static override styles = demoPanelStyles;

  @property() courseId = '';
  /** Demos running in the learner's classes (the trainer's own demo is not shown to them here). */
  @state() private demos: DemoState[] = [];
  @state() private folded = readHidden();
  @state() private waiting = true;
  @state() private error = '';
  /** Said to screen readers (aria-live): a demo started or ended. */
  @state() private announce = '';
  @query('.screen') private screen?: HTMLDivElement;
  private term?: Terminal;
  private watchId?: string;
  /** The class whose demo the screen shows (a watch is per class). */
  private watching?: string;
  private early: DemoOutput[] = [];
  private seq = 0;
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  /** The demo shown: one of the learner's classes with this course. */
  private get current(): DemoState | undefined {
    return this.demos.find((d) => d.active && !d.mine && (d.courseIds ?? []).includes(this.courseId));
  }

  /** The demo screen's text (for tests). */
  readScreen(): string {
    return bufferText(this.term);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onState = (p: DemoState) => {
      if (p.mine) return;
      const was = this.current;
      this.demos = [...this.demos.filter((d) => d.classId !== p.classId), ...(p.active ? [p] : [])];
      const now = this.current;
      if (now && now.demoId !== was?.demoId) this.announce = t('demo.panel.started', { name: now.by });
      else if (was && !now) this.announce = t('demo.panel.ended');
    };
    const onOutput = (m: DemoOutput) => {
      if (!this.watchId) return void this.early.push(m);
      if (m.watchId === this.watchId) this.write(m);
    };
    const onSize = (m: DemoSize) => {
      if (m.watchId === this.watchId) this.term?.resize(m.cols, m.rows);
    };
    const onConnect = () => void this.refresh();
    const onDisconnect = () => this.dropWatch();
    // The learner's own font size (the « Clavier » panel): the trainer's columns stay, the letters change.
    const unlistenFont = onTerminalFontSize((size) => {
      if (this.term) this.term.options.fontSize = size;
    });
    s.on('demo:state', onState).on('demo:output', onOutput).on('demo:size', onSize);
    s.on('connect', onConnect).on('disconnect', onDisconnect);
    this.unlisten = () => {
      unlistenFont();
      s.off('demo:state', onState).off('demo:output', onOutput).off('demo:size', onSize);
      s.off('connect', onConnect).off('disconnect', onDisconnect);
    };
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this.stopWatch();
  }

  /** What runs now (first load, or back after a reconnect: the watch starts again). */
  private async refresh(): Promise<void> {
    const s = getSocket();
    if (!s.connected) return;
    try {
      const ack = await s.timeout(10_000).emitWithAck('demo:current', {});
      if (ack.ok) this.demos = ack.demos.filter((d: DemoState) => !d.mine);
    } catch {
      // Lost with the connection: asked again on 'connect'.
    }
  }

  protected override updated(): void {
    const want = this.folded ? undefined : this.current;
    if (want?.classId === this.watching) return;
    this.stopWatch();
    if (want) void this.startWatch(want);
  }

  private async startWatch(demo: DemoState): Promise<void> {
    const s = getSocket();
    const seq = ++this.seq;
    this.watching = demo.classId;
    this.waiting = true;
    this.error = '';
    await this.updateComplete;
    if (seq !== this.seq || !this.screen) return;
    this.term = otherShellTerminal({
      fontSize: terminalFontSize(),
      disableStdin: true,
      cursorBlink: false,
      scrollback: 1000,
    });
    this.term.open(this.screen);
    // Read-only: every key stays with the page (Tab moves on instead of being swallowed).
    this.term.attachCustomKeyEventHandler(() => false);
    if (!s.connected) return;
    try {
      const ack = await s.timeout(10_000).emitWithAck('demo:watch', { classId: demo.classId });
      if (seq !== this.seq) {
        if (ack.ok && s.connected) s.emit('demo:unwatch', { watchId: ack.watchId });
        return;
      }
      if (!ack.ok) return void (this.error = errorText(ack));
      this.watchId = ack.watchId;
      this.term.resize(ack.cols, ack.rows);
      for (const m of this.early.splice(0)) if (m.watchId === ack.watchId) this.write(m);
    } catch (err) {
      if (seq === this.seq && s.connected) this.error = errorText(err);
    }
  }

  /** The socket dropped: the server forgot the watch; 'connect' asks again. */
  private dropWatch(): void {
    this.seq++;
    this.watchId = undefined;
    this.watching = undefined;
    this.early = [];
    this.term?.dispose();
    this.term = undefined;
  }

  private stopWatch(): void {
    const s = getSocket();
    if (this.watchId && s.connected) s.emit('demo:unwatch', { watchId: this.watchId });
    this.dropWatch();
  }

  private write(m: DemoOutput): void {
    this.waiting = false;
    writeShellChunk(this.term, m.data, m.reset);
  }

  private toggle(): void {
    this.folded = !this.folded;
    saveHidden(this.folded);
  }

  override render() {
    const demo = this.current;
    const live = html`<p class="sr-only" role="status" aria-live="polite">${this.announce}</p>`;
    if (!demo) return live;
    const name = demo.by;
    return html`${live}
      <section class="panel" aria-labelledby="demo-title" data-testid="demo-panel">
        <div class="head">
          <h2 id="demo-title">${t('demo.panel.title')}</h2>
          <span class="by">${t('demo.panel.by', { name })}</span>
          <span class="badge">${t('demo.panel.readOnly')}</span>
          <span class="spacer"></span>
          <button
            class="btn btn-small toggle"
            type="button"
            aria-expanded=${String(!this.folded)}
            aria-controls=${this.folded ? nothing : 'demo-screen'}
            @click=${() => this.toggle()}
          >
            ${t(this.folded ? 'demo.panel.show' : 'demo.panel.hide')}
          </button>
        </div>
        ${
          this.folded
            ? nothing
            : html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
                ${this.waiting && !this.error ? html`<p class="waiting">${t('demo.panel.waiting')}</p>` : nothing}
                <div
                  id="demo-screen"
                  class="screen"
                  role="log"
                  aria-label=${t('demo.panel.screen', { name })}
                ></div>`
        }
      </section>`;
  }
}

function readHidden(): boolean {
  try {
    return sessionStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

function saveHidden(hidden: boolean): void {
  try {
    if (hidden) sessionStorage.setItem(HIDDEN_KEY, '1');
    else sessionStorage.removeItem(HIDDEN_KEY);
  } catch {
    // storage unavailable: the choice holds for this page only
  }
}
