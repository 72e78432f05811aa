import { html, nothing } from 'lit';
import { isStuck, labOf } from '../../lib/class-grid-model.js';
import { formatDuration, formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import type { ClassGrid, GridCell, GridColumn, LearnerRow } from '../../lib/types.js';
import { checkIcon, globeIcon, resetIcon } from '../../styles/icons.js';
import { eyeIcon, forwardIcon, historyIcon, messageIcon } from '../../styles/trainer-icons.js';

export interface GridTableProps {
  grid: ClassGrid;
  rows: LearnerRow[];
  now: number;
  onWatch(row: LearnerRow): void;
  /** Opens the learner's lab site (the preview of their lab's first page). */
  onPreview(row: LearnerRow): void;
  onReset(row: LearnerRow): void;
  /** Catch the learner up to an exercise, or restore one of their checkpoints (grid-recover). */
  onCatchUp(row: LearnerRow): void;
  onRestore(row: LearnerRow): void;
  onMessage(row: LearnerRow): void;
}

const MARK: Record<GridCell['status'], unknown> = {
  done: checkIcon,
  // Brought past by a catch-up: the same tick, outlined on a hatched square (styles), not filled.
  skipped: checkIcon,
  failing: '✕',
  'in-progress': '',
  'not-started': '',
};

/** The progress grid: rows = learners, columns = exercises grouped by course. */
export function renderGridTable(p: GridTableProps) {
  const courses = groupByCourse(p.grid.columns);
  return html`<div class="table-wrap">
    <table class="grid" aria-label=${p.grid.class.name}>
      <thead>
        <tr>
          <th rowspan="2" scope="col" class="learner-col">${t('grid.learner')}</th>
          ${courses.map((c) => html`<th colspan=${c.columns.length} scope="colgroup" class="course">${c.title}</th>`)}
          <th rowspan="2" scope="col" class="actions-col">${t('grid.actions')}</th>
        </tr>
        <tr>
          ${courses.flatMap((c) =>
            c.columns.map(
              (col, i) =>
                html`<th scope="col" class="ex" title=${col.title}>
                  <span aria-hidden="true">${i + 1}</span><span class="sr-only">${col.title}</span>
                </th>`,
            ),
          )}
        </tr>
      </thead>
      <tbody>
        ${p.rows.map((row) => renderRow(p, row))}
      </tbody>
    </table>
  </div>`;
}

function renderRow(p: GridTableProps, row: LearnerRow) {
  const stuck = isStuck(row, p.grid, p.now);
  const lab = labOf(row);
  return html`<tr data-learner=${row.userId} class=${stuck ? 'stuck' : ''}>
    <th scope="row" class="learner">
      <div class="who">
        <span class="name">${row.displayName}</span>
        <span class="count">${row.done}/${row.total}</span>
        ${
          stuck
            ? html`<span
                class="badge warn"
                data-testid="stuck"
                title=${t('grid.stuckTitle', { min: Math.round(p.grid.stuckAfterMs / 60_000) })}
                >${t('grid.stuck')}</span
              >`
            : nothing
        }
        ${
          row.pair
            ? html`<span
                class="badge"
                data-testid="pair-mark"
                title=${row.pair.host ? t('pairs.gridHost') : t('pairs.gridGuest', { name: row.pair.partner })}
                >${t('pairs.gridMark', { name: row.pair.partner })}</span
              >`
            : nothing
        }
      </div>
      <div class="sub" title=${currentText(p.grid, row)}>
        <span class="login">${row.username}</span> · ${currentText(p.grid, row)}
      </div>
    </th>
    ${p.grid.columns.map((col) => renderCell(row, col))}
    <td class="row-actions">
      <button
        class="btn btn-ghost btn-small"
        type="button"
        ?disabled=${!lab}
        title=${lab ? t('grid.watch') : t('grid.noLab')}
        @click=${() => p.onWatch(row)}
      >
        ${eyeIcon}<span class="sr-only">${t('grid.watch')} — ${row.displayName}</span>
      </button>
      <button
        class="btn btn-ghost btn-small"
        type="button"
        ?disabled=${!lab}
        title=${lab ? t('grid.preview') : t('grid.noLab')}
        data-action="preview"
        @click=${() => p.onPreview(row)}
      >
        ${globeIcon}<span class="sr-only">${t('grid.preview')} — ${row.displayName}</span>
      </button>
      <button
        class="btn btn-ghost btn-small"
        type="button"
        ?disabled=${!lab}
        title=${lab ? t('grid.reset') : t('grid.noLab')}
        @click=${() => p.onReset(row)}
      >
        ${resetIcon}<span class="sr-only">${t('grid.reset')} — ${row.displayName}</span>
      </button>
      <button
        class="btn btn-ghost btn-small"
        type="button"
        title=${t('recover.catchUp')}
        data-action="catch-up"
        @click=${() => p.onCatchUp(row)}
      >
        ${forwardIcon}<span class="sr-only">${t('recover.catchUp')} — ${row.displayName}</span>
      </button>
      <button
        class="btn btn-ghost btn-small"
        type="button"
        ?disabled=${!lab}
        title=${lab ? t('recover.restore') : t('grid.noLab')}
        data-action="restore"
        @click=${() => p.onRestore(row)}
      >
        ${historyIcon}<span class="sr-only">${t('recover.restore')} — ${row.displayName}</span>
      </button>
      <button
        class="btn btn-ghost btn-small"
        type="button"
        title=${t('grid.message')}
        @click=${() => p.onMessage(row)}
      >
        ${messageIcon}<span class="sr-only">${t('grid.message')} — ${row.displayName}</span>
      </button>
    </td>
  </tr>`;
}

function renderCell(row: LearnerRow, col: GridColumn) {
  const cell = row.cells[`${col.courseId}/${col.exerciseId}`];
  const status = cell?.status ?? 'not-started';
  const details = [t('grid.cellTitle', { exercise: col.title, status: t(`grid.status.${status}`) })];
  if (cell?.message) details.push(cell.message);
  if (cell?.completedAt) details.push(formatInstant(cell.completedAt));
  if (cell && cell.attempts > 0) details.push(t('grid.attempts', { n: cell.attempts }));
  if (cell && cell.activeMs >= 60_000) details.push(formatDuration(cell.activeMs));
  // The tooltip (CSS, on hover and keyboard focus) shows the last failing check's message.
  return html`<td
    class="cell"
    data-cell="${row.userId}/${col.courseId}/${col.exerciseId}"
    data-status=${status}
    data-tip=${details.join('\n')}
  >
    <span
      class="sq"
      role="img"
      tabindex=${status === 'failing' ? '0' : '-1'}
      aria-label=${details.join(' — ')}
      >${MARK[status]}</span
    >
  </td>`;
}

function currentText(grid: ClassGrid, row: LearnerRow): string {
  if (row.total > 0 && row.done === row.total) return t('grid.allDone');
  if (!row.current) return t('grid.notStarted');
  const col = grid.columns.find(
    (c) => c.courseId === row.current!.courseId && c.exerciseId === row.current!.exerciseId,
  );
  return t('grid.current', {
    time: formatDuration(row.current.activeMs),
    title: col?.title ?? row.current.exerciseId,
  });
}

function groupByCourse(columns: GridColumn[]) {
  const out: { courseId: string; title: string; columns: GridColumn[] }[] = [];
  for (const c of columns) {
    const last = out[out.length - 1];
    if (last?.courseId === c.courseId) last.columns.push(c);
    else out.push({ courseId: c.courseId, title: c.courseTitle, columns: [c] });
  }
  return out;
}
