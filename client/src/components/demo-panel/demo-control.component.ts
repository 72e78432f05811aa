import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { ClassView } from '../../lib/types.js';
import type { DemoState } from '../../../../server/realtime/demo-types.js';
import { demoControlStyles } from './demo-panel.styles.js';

/**
 * The trainer's « Démo » control above their own terminal: pick one of their classes that has this
 * course, start showing this lab's terminal to its learners (read-only), see how many watch, stop.
 */
export class AtDemoControl extends LitElement {
  static override styles = demoControlStyles;

  @property() labId = '';
  @property() courseId = '';
  @state() private classes: ClassView[] = [];
  @state() private open = false;
  @state() private chosen = '';
  /** The trainer's demo running from this lab, and its watchers. */
  @state() private running?: { classId: string; watchers: number };
  @state() private busy = false;
  @state() private error = '';
  @state() private announce = '';
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onState = (p: DemoState) => {
      if (!p.mine) return;
      if (p.active && p.labId === this.labId)
        this.running = { classId: p.classId, watchers: p.watchers ?? 0 };
      else if (this.running?.classId === p.classId) {
        this.running = undefined;
        this.announce = t('demo.control.ended');
      }
    };
    const onWatchers = (p: { classId: string; count: number }) => {
      if (this.running?.classId === p.classId) this.running = { ...this.running, watchers: p.count };
    };
    const onConnect = () => void this.refresh();
    s.on('demo:state', onState).on('demo:watchers', onWatchers).on('connect', onConnect);
    this.unlisten = () =>
      s.off('demo:state', onState).off('demo:watchers', onWatchers).off('connect', onConnect);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  private async load(): Promise<void> {
    try {
      const all = await api.classes();
      this.classes = all.filter((c) => !c.archived && c.courseIds.includes(this.courseId));
      this.chosen ||= this.classes[0]?.id ?? '';
    } catch (err) {
      this.error = errorText(err);
    }
    await this.refresh();
  }

  /** A demo of this lab may run already (page reloaded): the control shows it. */
  private async refresh(): Promise<void> {
    const s = getSocket();
    if (!s.connected) return;
    try {
      const ack = await s.timeout(10_000).emitWithAck('demo:current', {});
      if (!ack.ok) return;
      const mine = ack.demos.find((d: DemoState) => d.mine && d.labId === this.labId);
      this.running = mine ? { classId: mine.classId, watchers: mine.watchers ?? 0 } : undefined;
    } catch {
      // Lost with the connection: asked again on 'connect'.
    }
  }

  private async start(): Promise<void> {
    if (!this.chosen) return;
    this.busy = true;
    this.error = '';
    try {
      const ack = await getSocket()
        .timeout(10_000)
        .emitWithAck('demo:start', { classId: this.chosen, labId: this.labId });
      if (!ack.ok) return void (this.error = errorText(ack));
      this.running = { classId: this.chosen, watchers: ack.watchers };
      this.open = false;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async stop(): Promise<void> {
    const classId = this.running?.classId;
    if (!classId) return;
    this.busy = true;
    this.error = '';
    try {
      const ack = await getSocket().timeout(10_000).emitWithAck('demo:stop', { classId });
      if (!ack.ok && ack.reason !== 'no-demo') return void (this.error = errorText(ack));
      this.running = undefined;
      this.announce = t('demo.control.ended');
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private watchersText(n: number): string {
    if (n === 0) return t('demo.control.watchers0');
    return n === 1 ? t('demo.control.watchers1') : t('demo.control.watchersN', { n });
  }

  override render() {
    const live = html`<span class="sr-only" role="status" aria-live="polite">${this.announce}</span>`;
    const error = this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing;
    if (this.running) {
      const cls = this.classes.find((c) => c.id === this.running?.classId);
      return html`<div class="bar" data-testid="demo-control">
        ${live}
        <span class="running">${t('demo.control.running', { class: cls?.name ?? '' })}</span>
        <span class="count" role="status" data-testid="demo-watchers"
          >${this.watchersText(this.running.watchers)}</span
        >
        <button
          class="btn btn-small btn-danger"
          type="button"
          ?disabled=${this.busy}
          @click=${() => void this.stop()}
        >
          ${t('demo.control.stop')}
        </button>
        ${error}
      </div>`;
    }
    if (this.classes.length === 0 && !this.error) return live;
    return html`<div class="bar" data-testid="demo-control">
      ${live}
      <button
        class="btn btn-small btn-secondary"
        type="button"
        title=${t('demo.control.title')}
        aria-expanded=${String(this.open)}
        aria-controls=${this.open ? 'demo-form' : nothing}
        @click=${() => (this.open = !this.open)}
      >
        ${t('demo.control.button')}
      </button>
      ${
        this.open
          ? html`<span id="demo-form" class="form">
              <label
                >${t('demo.control.class')}
                <select @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
                  ${this.classes.map(
                    (c) => html`<option value=${c.id} ?selected=${c.id === this.chosen}>${c.name}</option>`,
                  )}
                </select></label
              >
              <button
                class="btn btn-small btn-primary"
                type="button"
                ?disabled=${this.busy || !this.chosen}
                @click=${() => void this.start()}
              >
                ${t('demo.control.start')}
              </button>
            </span>`
          : nothing
      }
      ${error}
    </div>`;
  }
}
