import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import { getSocket, type LabStatusPayload } from '../../lib/socket.js';
import {
  afterInput,
  afterStart,
  fromServer,
  hasTimeLeft,
  NO_CLOCK,
  stopped,
  viewOf,
  type IdleClock,
  type ServerTimeLeft,
  type TimeLeftView,
} from '../../lib/time-left.js';
import type { Lab } from '../../lib/types.js';
import { timeLeftStyles } from './time-left.styles.js';

const TICK_MS = 1_000;
/** Keys that type nothing: they do not count as activity (the server would not see them either). */
const SILENT_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'F6']);

/**
 * How long the idle lab is kept, in the terminal's head (« Veille dans 27 min »); five minutes before
 * the idle cull a warning (role=alert) with « Je suis là »; after a cull, what happened and « Relancer la
 * machine ». Counts on the page's clock (lib/time-left.ts): the server's answers and `lab:idle` set the
 * deadline, this page's own typing in a terminal pushes it on. Fires `lab-back` (detail: the Lab) once
 * the machine was started again.
 */
export class AtTimeLeft extends LitElement {
  static override styles = timeLeftStyles;

  /** The course page's lab (views from GET /api/labs and the start carry its time left). */
  @property({ attribute: false }) lab?: Lab;
  @state() private clock: IdleClock = NO_CLOCK;
  @state() private view: TimeLeftView = { kind: 'none' };
  /** The lab was put to sleep for idleness while this page showed it. */
  @state() private culled = false;
  @state() private busy = false;
  @state() private error = '';
  private culledMessage = '';
  private lastSync = '';
  private timer?: ReturnType<typeof setInterval>;
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onIdle = (p: ServerTimeLeft & { labId: string }): void => {
      if (p.labId === this.lab?.id) this.setClock(fromServer(p, Date.now()));
    };
    const onStatus = (p: LabStatusPayload): void => {
      if (p.labId !== this.lab?.id) return;
      if (p.state === 'running') this.culled = false;
      if (p.state === 'stopped' && p.reason === 'idle') {
        this.culled = true;
        this.culledMessage = p.message ?? '';
      }
    };
    s.on('lab:idle', onIdle).on('lab:status', onStatus);
    document.addEventListener('keydown', this.onKey, true);
    document.addEventListener('paste', this.onPaste, true);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.unlisten = () => {
      s.off('lab:idle', onIdle).off('lab:status', onStatus);
      document.removeEventListener('keydown', this.onKey, true);
      document.removeEventListener('paste', this.onPaste, true);
      clearInterval(this.timer);
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('lab')) return;
    const before = changed.get('lab');
    const lab = this.lab;
    if (!lab) return this.setClock({ ...NO_CLOCK, idleMs: this.clock.idleMs });
    if (before?.id !== lab.id) this.culled = false;
    const fresh = hasTimeLeft(lab) && lab.now !== this.lastSync;
    if (fresh) {
      this.lastSync = lab.now;
      this.setClock(fromServer(lab, Date.now()));
    } else if (before?.id !== lab.id) this.setClock({ ...NO_CLOCK, idleMs: this.clock.idleMs });
    else if (lab.state === 'running' && before?.state !== 'running')
      this.setClock(afterStart(this.clock, Date.now()));
    else if (lab.state !== 'running') this.setClock(stopped(this.clock));
  }

  private setClock(clock: IdleClock): void {
    this.clock = clock;
    this.tick();
  }

  private tick(): void {
    const next = viewOf(this.clock, Date.now());
    const v = this.view;
    if (next.kind !== v.kind || ('minutes' in next && 'minutes' in v && next.minutes !== v.minutes))
      this.view = next;
  }

  /** Typing in one of this page's terminals is activity the server sees too. */
  private readonly onKey = (e: KeyboardEvent): void => {
    if (!SILENT_KEYS.has(e.key) && fromTerminal(e)) this.typed();
  };

  private readonly onPaste = (e: ClipboardEvent): void => {
    if (fromTerminal(e)) this.typed();
  };

  private typed(): void {
    if (this.lab?.state !== 'running') return;
    const next = afterInput(this.clock, Date.now());
    if (next.deadline !== this.clock.deadline) this.setClock(next);
  }

  /** « Je suis là »: the server touches the lab and answers the new deadline. */
  private async keepAlive(): Promise<void> {
    const lab = this.lab;
    if (!lab || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      this.setClock(fromServer(await api.keepAlive(lab.id), Date.now()));
      this.focusTerminal();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** « Relancer la machine »: the lab starts again (its files kept); the page reopens its shells. */
  private async restart(): Promise<void> {
    const lab = this.lab;
    if (!lab || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const back = await api.startLab(lab.courseId);
      this.culled = false;
      this.dispatchEvent(new CustomEvent<Lab>('lab-back', { detail: back, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** The button that had the focus is gone: back to the shell shown. */
  private focusTerminal(): void {
    const root = this.getRootNode() as ParentNode;
    root.querySelector<HTMLElement & { focusTerminal(): void }>('at-terminal:not([hidden])')?.focusTerminal();
  }

  override render() {
    const timeout = Math.round(this.clock.idleMs / 60_000);
    if (this.culled)
      return html`<div class="card" role="alert" data-testid="time-left-culled">
        <p>${timeout > 0 ? t('timeLeft.culled', { timeout }) : this.culledMessage}</p>
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary btn-small"
            ?disabled=${this.busy}
            @click=${this.restart}
          >
            ${this.busy ? t('timeLeft.restarting') : t('timeLeft.restart')}
          </button>
          ${this.error ? html`<span class="error">${this.error}</span>` : nothing}
        </div>
      </div>`;
    const v = this.view;
    if (v.kind === 'none') return nothing;
    const { deadline, keepUntil } = this.clock;
    const kept = keepUntil !== null && deadline !== null && keepUntil >= deadline && v.kind === 'counting';
    const label = kept
      ? t('timeLeft.kept', { time: clockTime(keepUntil) })
      : t('timeLeft.counting', { minutes: v.minutes });
    return html`<span
        class="pill ${v.kind === 'warning' ? 'soon' : ''}"
        title=${t('timeLeft.explain', { timeout })}
        data-testid="time-left"
        >${label}</span
      >${
        v.kind === 'warning'
          ? html`<div class="card" role="alert" data-testid="time-left-warning">
              <p>${t('timeLeft.warning', { time: clockTime(deadline ?? Date.now()) })}</p>
              <div class="actions">
                <button
                  type="button"
                  class="btn btn-primary btn-small"
                  ?disabled=${this.busy}
                  @click=${this.keepAlive}
                >
                  ${t('timeLeft.here')}
                </button>
                ${this.error ? html`<span class="error">${this.error}</span>` : nothing}
              </div>
            </div>`
          : nothing
      }`;
  }
}

/** Whether the event comes from inside a lab terminal (xterm's textarea, in its shadow root). */
function fromTerminal(e: Event): boolean {
  return e.composedPath().some((n) => (n as Element).localName === 'at-terminal');
}

/** « 10:42 » on the reader's clock. */
function clockTime(ms: number): string {
  return new Intl.DateTimeFormat(i18n.lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}
