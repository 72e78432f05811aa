import { html, nothing } from 'lit';
import { t, type MessageKey } from '../../lib/i18n.js';
import type { Lab, LabState } from '../../lib/types.js';
import { resetIcon } from '../../styles/icons.js';
import type { TerminalStatus } from '../terminal/socket-attach-addon.js';

export interface TerminalHeadProps {
  lab?: Lab;
  labMessage: string;
  term: TerminalStatus;
  resetting: boolean;
  onReset(): void;
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
};

const TERM_PILL: Record<TerminalStatus['kind'], [MessageKey, 'ok' | 'busy' | 'bad' | '']> = {
  open: ['term.connected', 'ok'],
  connecting: ['term.connecting', 'busy'],
  offline: ['term.reconnecting', 'busy'],
  exited: ['term.ended', ''],
  failed: ['lab.state.error', 'bad'],
};

/** The strip above the terminal: title, connection and lab state, reset button. */
export function renderTerminalHead(p: TerminalHeadProps) {
  const [label, tone] = TERM_PILL[p.term.kind];
  const labState = p.lab && p.lab.state !== 'running' ? t(LAB_STATE[p.lab.state]) : '';
  return html`<div class="term-head">
    <span class="term-title">root@lab</span>
    ${
      p.lab
        ? html`<span class="pill" role="status" data-testid="term-status"
            ><span class="dot ${tone}" aria-hidden="true"></span>${
              p.term.kind === 'exited' ? t('lab.state.stopped') : t(label)
            }</span
          >`
        : nothing
    }
    ${
      labState || p.labMessage
        ? html`<span class="pill" title=${p.labMessage}
            >${[labState, p.labMessage].filter(Boolean).join(' — ')}</span
          >`
        : nothing
    }
    <span class="spacer"></span>
    ${
      p.lab
        ? html`<button
            class="btn btn-secondary btn-small"
            type="button"
            ?disabled=${p.resetting}
            @click=${p.onReset}
          >
            ${p.resetting ? html`<span class="spinner" aria-hidden="true"></span>` : resetIcon}
            ${t('lab.reset')}
          </button>`
        : nothing
    }
  </div>`;
}
