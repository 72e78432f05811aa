import { html, nothing } from 'lit';
import { t, type MessageKey } from '../../lib/i18n.js';
import type { Lab, LabState } from '../../lib/types.js';
import { resetIcon } from '../../styles/icons.js';
import type { TerminalStatus } from '../terminal/socket-attach-addon.js';
import '../terminal/terminal-keys.js';

export interface TerminalHeadProps {
  lab?: Lab;
  labMessage: string;
  /** What leads the strip: the machine tabs, or the one machine's `root@<host>` title. */
  lead: unknown;
  /** The status of the terminal shown (none while the Browser tab is). */
  term?: TerminalStatus;
  /** A reset, restore or catch-up of the lab runs (from this page). */
  resetting: boolean;
  onReset(): void;
  onRestore(): void;
  /** Shown only when the learner may catch up by themselves in this course. */
  onCatchUp?: () => void;
  /** The menu opened: what it offers is read again. */
  onMenu(): void;
  /** The time left before the idle cull (components/time-left/), after the statuses. */
  timeLeft?: unknown;
}

/** Every state the server may announce has its words (a new state does not compile until worded). */
const LAB_STATE: Record<LabState, MessageKey> = {
  queued: 'lab.state.queued',
  creating: 'lab.state.creating',
  starting: 'lab.state.starting',
  running: 'lab.state.running',
  stopped: 'lab.state.stopped',
  missing: 'lab.state.missing',
  removed: 'lab.state.removed',
  error: 'lab.state.error',
  unavailable: 'lab.state.unavailable',
};

const TERM_PILL: Record<TerminalStatus['kind'], [MessageKey, 'ok' | 'busy' | 'bad' | '']> = {
  open: ['term.connected', 'ok'],
  connecting: ['term.connecting', 'busy'],
  offline: ['term.reconnecting', 'busy'],
  exited: ['term.ended', ''],
  failed: ['lab.state.error', 'bad'],
};

/** The one machine's title when there is no tab bar (as before machines existed). */
export const renderTerminalTitle = (machine: string) => html`<span class="term-title">root@${machine}</span>`;

/** The strip above the terminal: title or tabs, connection and lab state, keyboard help, reset button. */
export function renderTerminalHead(p: TerminalHeadProps) {
  const labState = p.lab && p.lab.state !== 'running' ? t(LAB_STATE[p.lab.state]) : '';
  return html`<div class="term-head">
    ${p.lead}
    <span class="statuses">
      ${p.lab && p.term ? renderTermPill(p.term) : nothing} ${p.timeLeft ?? nothing}
      ${
        labState || p.labMessage
          ? html`<span class="pill" title=${p.labMessage}
              >${[labState, p.labMessage].filter(Boolean).join(' — ')}</span
            >`
          : nothing
      }
    </span>
    <span class="spacer"></span>
    <at-terminal-keys></at-terminal-keys>
    ${p.lab ? renderLabMenu(p) : nothing}
  </div>`;
}

/** « Machine ▾ »: reset, restore a checkpoint, catch up (a disclosure: keyboard and screen readers). */
function renderLabMenu(p: TerminalHeadProps) {
  const pick = (e: Event, action: () => void) => {
    const menu = (e.currentTarget as HTMLElement).closest('details');
    if (menu) menu.open = false;
    action();
  };
  // Escape closes the menu and gives the focus back to its button (as a menu does).
  const onKey = (e: KeyboardEvent) => {
    const menu = e.currentTarget as HTMLDetailsElement;
    if (e.key !== 'Escape' || !menu.open) return;
    e.stopPropagation();
    menu.open = false;
    menu.querySelector('summary')?.focus();
  };
  return html`<details
    class="lab-menu"
    @toggle=${(e: Event) => (e.currentTarget as HTMLDetailsElement).open && p.onMenu()}
    @keydown=${onKey}
  >
    <summary class="btn btn-secondary btn-small" title=${t('labmenu.title')} data-testid="lab-menu">
      ${p.resetting ? html`<span class="spinner" aria-hidden="true"></span>` : resetIcon}
      ${t('labmenu.label')}
    </summary>
    <div class="menu">
      <button type="button" ?disabled=${p.resetting} @click=${(e: Event) => pick(e, p.onReset)}>
        ${t('labmenu.reset')}
      </button>
      <button type="button" ?disabled=${p.resetting} @click=${(e: Event) => pick(e, p.onRestore)}>
        ${t('labmenu.restore')}
      </button>
      ${
        p.onCatchUp
          ? html`<button type="button" ?disabled=${p.resetting} @click=${(e: Event) => pick(e, p.onCatchUp!)}>
              ${t('labmenu.catchUp')}
            </button>`
          : nothing
      }
    </div>
  </details>`;
}

function renderTermPill(term: TerminalStatus) {
  const [label, tone] = TERM_PILL[term.kind];
  return html`<span class="pill" role="status" data-testid="term-status"
    ><span class="dot ${tone}" aria-hidden="true"></span>${
      term.kind === 'exited'
        ? t('lab.state.stopped')
        : term.kind === 'offline' && term.restarting
          ? t('term.restarting')
          : t(label)
    }</span
  >`;
}
