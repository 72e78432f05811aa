import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { courseOfRow, exercisesOf, firstOpenIndex, learnersBehind } from '../../lib/class-week.js';
import { formatInstant } from '../../lib/format.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t, type MessageKey } from '../../lib/i18n.js';
import type { BringMode, Checkpoint, ClassGrid, LearnerRow } from '../../lib/types.js';
import { gridRecoverStyles } from './grid-recover.styles.js';

type Kind = 'catch-up' | 'restore' | 'bring';

/**
 * The trainer's ways to bring labs back from the grid, each behind a confirmation: catch one learner up
 * to the start of exercise N, restore one learner's checkpoint, or bring every learner behind N there.
 * Fires `grid-notice` (detail: the text to show on the page) when one is done or queued.
 */
export class AtGridRecover extends LitElement {
  static override styles = gridRecoverStyles;

  @property({ attribute: false }) grid?: ClassGrid;
  @state() private kind?: Kind;
  @state() private row?: LearnerRow;
  @state() private courseId = '';
  @state() private exerciseId = '';
  @state() private mode: BringMode = 'catch-up';
  @state() private checkpoints?: Checkpoint[];
  @state() private busy = false;
  @state() private error = '';
  @query('dialog') private dialog?: HTMLDialogElement;

  constructor() {
    super();
    new I18nController(this);
  }

  /** Opens one of the dialogs (`row`: the learner, for catch-up and restore). */
  async open(kind: Kind, row?: LearnerRow): Promise<void> {
    const g = this.grid;
    if (!g) return;
    this.kind = kind;
    this.row = row;
    this.error = '';
    this.mode = 'catch-up';
    this.checkpoints = undefined;
    this.pickCourse(courseOfRow(g, row));
    await this.updateComplete;
    const message = this.dialog?.querySelector('textarea');
    if (message) message.value = '';
    this.dialog?.showModal();
  }

  private close(): void {
    this.dialog?.close();
  }

  private pickCourse(courseId: string): void {
    const g = this.grid;
    if (!g) return;
    this.courseId = courseId;
    const columns = exercisesOf(g, courseId);
    // A learner: the exercise after the one they are on; the class: where the furthest learner is.
    const at = this.row
      ? firstOpenIndex(this.row, columns) + 1
      : Math.max(0, ...g.learners.map((r) => firstOpenIndex(r, columns)));
    this.exerciseId = columns[Math.min(Math.max(at, 1), columns.length - 1)]?.exerciseId ?? '';
    if (this.kind === 'restore') void this.loadCheckpoints();
  }

  private async loadCheckpoints(): Promise<void> {
    const g = this.grid;
    const row = this.row;
    if (!g || !row) return;
    this.checkpoints = undefined;
    try {
      const { checkpoints } = await api.learnerCheckpoints(g.class.id, row.userId, this.courseId);
      this.checkpoints = [...checkpoints].sort(
        (a, b) => this.indexOf(b.exerciseId) - this.indexOf(a.exerciseId),
      );
      this.exerciseId = this.checkpoints[0]?.exerciseId ?? '';
    } catch (err) {
      this.checkpoints = [];
      this.error = errorText(err);
    }
  }

  private indexOf(exerciseId: string): number {
    return this.grid
      ? exercisesOf(this.grid, this.courseId).findIndex((c) => c.exerciseId === exerciseId)
      : -1;
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const g = this.grid;
    if (!g || !this.kind || !this.exerciseId) return;
    const message = String(new FormData(e.target as HTMLFormElement).get('message') ?? '').trim();
    const body = { courseId: this.courseId, exerciseId: this.exerciseId, ...(message ? { message } : {}) };
    const n = this.indexOf(this.exerciseId) + 1;
    this.busy = true;
    this.error = '';
    try {
      let text: string;
      if (this.kind === 'bring') {
        const r = await api.bringTo(g.class.id, { ...body, mode: this.mode });
        text = t('bring.done', { queued: r.queued.length, skipped: r.skipped.length });
        const names = r.skipped.map((s) => `${this.nameOf(s.userId)} (${reasonText(s.reason)})`);
        if (names.length) text += ` ${t('bring.skippedList', { names: names.join(', ') })}`;
      } else {
        const name = this.row?.displayName ?? '';
        await api.recoverLearnerLab(g.class.id, this.row!.userId, this.kind, body);
        text =
          this.kind === 'catch-up' ? t('recover.caughtUp', { name, n }) : t('recover.restored', { name });
      }
      this.close();
      this.dispatchEvent(new CustomEvent('grid-notice', { detail: text, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private nameOf(userId: string): string {
    return this.grid?.learners.find((l) => l.userId === userId)?.displayName ?? userId;
  }

  override render() {
    const g = this.grid;
    const kind = this.kind;
    const title = !kind
      ? ''
      : kind === 'bring'
        ? t('bring.title')
        : t(kind === 'catch-up' ? 'recover.catchUpTitle' : 'recover.restoreTitle', {
            name: this.row?.displayName ?? '',
          });
    return html`<dialog
      class="recover"
      aria-labelledby="recover-title"
      @close=${() => (this.kind = undefined)}
    >
      <h2 id="recover-title">${title}</h2>
      ${g && kind ? this.renderBody(g, kind) : nothing}
    </dialog>`;
  }

  private renderBody(g: ClassGrid, kind: Kind) {
    const courses = g.class.courseIds.filter((id) => exercisesOf(g, id).length > 0);
    const confirmLabel =
      kind === 'bring'
        ? t('bring.confirm', { n: learnersBehind(g, this.courseId, this.exerciseId).length })
        : t(kind === 'catch-up' ? 'recover.confirmCatchUp' : 'recover.confirmRestore');
    const text =
      kind === 'catch-up' ? 'recover.catchUpText' : kind === 'restore' ? 'recover.restoreText' : '';
    return html`${text ? html`<p>${t(text)}</p>` : nothing}
      <form @submit=${this.confirm}>
        ${
          courses.length > 1
            ? html`<label class="field"
                >${t('recover.course')}
                <select @change=${(e: Event) => this.pickCourse((e.target as HTMLSelectElement).value)}>
                  ${courses.map(
                    (id) =>
                      html`<option value=${id} ?selected=${id === this.courseId}>
                        ${exercisesOf(g, id)[0]?.courseTitle ?? id}
                      </option>`,
                  )}
                </select>
              </label>`
            : nothing
        }
        ${kind === 'restore' ? this.renderCheckpoints(g) : this.renderExercise(g)}
        ${kind === 'bring' ? this.renderMode(g) : nothing}
        <label class="field"
          >${t('recover.message')}<textarea name="message" maxlength="500"></textarea>
        </label>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${
          this.busy && kind !== 'bring'
            ? html`<p class="muted" role="status">
                <span class="spinner" aria-hidden="true"></span> ${t('recover.working')}
              </p>`
            : nothing
        }
        <div class="actions">
          <button class="btn btn-secondary" type="button" @click=${this.close}>${t('grid.cancel')}</button>
          <button
            class="btn btn-danger"
            type="submit"
            data-testid="recover-confirm"
            ?disabled=${this.busy || !this.exerciseId}
          >
            ${confirmLabel}
          </button>
        </div>
      </form>`;
  }

  /** Exercises 2…n: catching up to the first one would only be a reset. */
  private renderExercise(g: ClassGrid) {
    const columns = exercisesOf(g, this.courseId);
    return html`<label class="field"
      >${t('recover.exercise')}
      <select
        name="exerciseId"
        data-testid="recover-exercise"
        @change=${(e: Event) => (this.exerciseId = (e.target as HTMLSelectElement).value)}
      >
        ${columns
          .slice(1)
          .map(
            (c, i) =>
              html`<option value=${c.exerciseId} ?selected=${c.exerciseId === this.exerciseId}>
                ${t('recover.exerciseOption', { n: i + 2, title: c.title })}
              </option>`,
          )}
      </select>
    </label>`;
  }

  private renderMode(g: ClassGrid) {
    const n = this.indexOf(this.exerciseId) + 1;
    const behind = learnersBehind(g, this.courseId, this.exerciseId).length;
    const modes: [BringMode, MessageKey][] = [
      ['catch-up', 'bring.modeCatchUp'],
      ['restore', 'bring.modeRestore'],
    ];
    return html`<fieldset>
        <legend>${t('bring.mode')}</legend>
        ${modes.map(
          ([mode, label]) =>
            html`<label class="check"
              ><input
                type="radio"
                name="mode"
                value=${mode}
                .checked=${this.mode === mode}
                @change=${() => (this.mode = mode)}
              />${t(label)}</label
            >`,
        )}
      </fieldset>
      <p class="count ${behind ? '' : 'none'}" role="status" data-testid="behind">
        ${
          behind
            ? t('bring.behind', { n: behind, total: g.learners.length, ex: n })
            : t('bring.none', { ex: n })
        }
      </p>`;
  }

  private renderCheckpoints(g: ClassGrid) {
    if (!this.checkpoints) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    if (this.checkpoints.length === 0) return html`<p class="muted">${t('recover.noCheckpoint')}</p>`;
    const columns = exercisesOf(g, this.courseId);
    return html`<fieldset>
      <legend>${t('recover.checkpoints')}</legend>
      ${this.checkpoints.map((cp) => {
        const i = columns.findIndex((c) => c.exerciseId === cp.exerciseId);
        return html`<label class="check"
          ><input
            type="radio"
            name="checkpoint"
            value=${cp.exerciseId}
            .checked=${cp.exerciseId === this.exerciseId}
            @change=${() => (this.exerciseId = cp.exerciseId)}
          /><span
            >${t('recover.checkpoint', { n: i + 1, title: columns[i]?.title ?? cp.exerciseId })}
            <span class="when">${t('recover.savedAt', { when: formatInstant(cp.createdAt) })}</span></span
          ></label
        >`;
      })}
    </fieldset>`;
  }
}

function reasonText(reason: string): string {
  return reason === 'no-checkpoint' ? t('bring.reason.no-checkpoint') : reason;
}
