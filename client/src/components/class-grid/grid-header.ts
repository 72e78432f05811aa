import { html, nothing } from 'lit';
import { exportUrl } from '../../lib/api.js';
import { summary, type SortKey } from '../../lib/class-grid-model.js';
import { formatDates } from '../../lib/format.js';
import { i18n, t } from '../../lib/i18n.js';
import type { ClassGrid } from '../../lib/types.js';
import { copyIcon, downloadIcon, forwardIcon, messageIcon } from '../../styles/trainer-icons.js';

export interface GridHeaderProps {
  grid: ClassGrid;
  live: boolean;
  copied: boolean;
  busy: boolean;
  onCopy(): void;
  onToggleJoining(): void;
  onNewCode(): void;
  onToggleArchive(): void;
}

/** A workshop's visitors enter through its own link (`/w/<code>`), a class's learners through `/join`. */
export const joinLink = (code: string, kind?: string): string =>
  `${location.origin}/${kind === 'workshop' ? 'w' : 'join'}/${encodeURIComponent(code)}`;

/** Title, join code and link, the class's switches and the export links. */
export function renderGridHeader(p: GridHeaderProps) {
  const c = p.grid.class;
  const dates = formatDates(c.startsOn, c.endsOn);
  // Past its end (endsOn or the last session) joining is closed whatever the switch says.
  const ended = !!c.joiningClosesAt && Date.parse(c.joiningClosesAt) <= Date.now();
  return html`<header class="class-head">
    <div class="title">
      <p class="crumbs"><a href="/classes">${t('grid.back')}</a> /</p>
      <h1>${c.name}</h1>
      <p class="meta">
        ${dates ? html`<span>${dates}</span>` : nothing}
        <span class="live ${p.live ? 'on' : ''}" role="status"
          ><span class="dot" aria-hidden="true"></span>${p.live ? t('grid.live') : t('grid.offline')}</span
        >
        ${c.archived ? html`<span class="badge">${t('classes.archived')}</span>` : nothing}
      </p>
    </div>
    <div class="join panel">
      <div class="code-line">
        <span class="label">${t('grid.joinCode')}</span>
        <span class="code big" data-testid="join-code">${c.joinCode}</span>
        ${c.joiningOpen && !ended ? nothing : html`<span class="badge warn">${t('classes.closed')}</span>`}
        ${c.capacity ? html`<span class="badge">${t('grid.seats', { n: p.grid.learners.length, max: c.capacity })}</span>` : nothing}
      </div>
      ${
        c.kind === 'workshop'
          ? html`<p class="hint"><a href="/workshops/${c.id}">${t('workshop.link')}</a></p>`
          : html`<p class="hint">${t('grid.joinHelp', { url: `${location.host}/join` })}</p>`
      }
      <div class="buttons">
        <button class="btn btn-secondary btn-small" type="button" @click=${p.onCopy}>
          ${copyIcon} ${p.copied ? t('grid.copied') : t('grid.copyLink')}
        </button>
        <button
          class="btn btn-ghost btn-small"
          type="button"
          ?disabled=${p.busy || c.archived}
          @click=${p.onToggleJoining}
        >
          ${c.joiningOpen ? t('grid.closeJoining') : t('grid.openJoining')}
        </button>
        <button class="btn btn-ghost btn-small" type="button" ?disabled=${p.busy} @click=${p.onNewCode}>
          ${t('grid.newCode')}
        </button>
        <button class="btn btn-ghost btn-small" type="button" ?disabled=${p.busy} @click=${p.onToggleArchive}>
          ${c.archived ? t('grid.unarchive') : t('grid.archive')}
        </button>
      </div>
    </div>
  </header>`;
}

export interface ToolbarProps {
  grid: ClassGrid;
  now: number;
  sort: SortKey;
  onlyStuck: boolean;
  onSort(sort: SortKey): void;
  onOnlyStuck(on: boolean): void;
  onMessageAll(): void;
  /** « Amener la classe à l'exercice… » (grid-recover). */
  onBringTo(): void;
  /** « Prolonger les machines pour la journée » (components/time-left/extend-labs), first of the tools. */
  extendLabs?: unknown;
}

/** Summary, sort and filter, message to everyone, export. */
export function renderToolbar(p: ToolbarProps) {
  const s = summary(p.grid, p.now);
  const id = p.grid.class.id;
  return html`<div class="toolbar">
    <p class="summary" data-testid="summary">${t('grid.summary', s)}</p>
    <label class="field inline"
      >${t('grid.sort')}
      <select @change=${(e: Event) => p.onSort((e.target as HTMLSelectElement).value as SortKey)}>
        <option value="name" ?selected=${p.sort === 'name'}>${t('grid.sortName')}</option>
        <option value="progress" ?selected=${p.sort === 'progress'}>${t('grid.sortProgress')}</option>
      </select>
    </label>
    <label class="check">
      <input
        type="checkbox"
        .checked=${p.onlyStuck}
        @change=${(e: Event) => p.onOnlyStuck((e.target as HTMLInputElement).checked)}
      />
      ${t('grid.onlyStuck', { n: s.stuck })}
    </label>
    <span class="spacer"></span>
    <span class="tools">
      ${p.extendLabs ?? nothing}
      <button
        class="btn btn-secondary btn-small"
        type="button"
        ?disabled=${s.learners === 0}
        @click=${p.onMessageAll}
      >
        ${messageIcon} ${t('grid.messageAll')}
      </button>
      <button
        class="btn btn-secondary btn-small"
        type="button"
        ?disabled=${s.learners === 0}
        @click=${p.onBringTo}
      >
        ${forwardIcon} ${t('bring.button')}
      </button>
      <details class="export">
        <summary class="btn btn-secondary btn-small">${downloadIcon} ${t('grid.export')}</summary>
        <div class="menu" role="menu">
          <a role="menuitem" download href=${exportUrl(id, 'csv-semicolon', i18n.lang)}
            >${t('grid.exportCsvFr')}</a
          >
          <a role="menuitem" download href=${exportUrl(id, 'csv', i18n.lang)}>${t('grid.exportCsv')}</a>
          <a role="menuitem" download href=${exportUrl(id, 'json', i18n.lang)}>${t('grid.exportJson')}</a>
        </div>
      </details>
    </span>
  </div>`;
}
