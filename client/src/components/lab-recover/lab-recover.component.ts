import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { formatInstant } from '../../lib/format.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import type { CourseDetail, Lab, LabCheckpoints } from '../../lib/types.js';
import { labRecoverStyles } from './lab-recover.styles.js';

export type RecoverKind = 'restore' | 'catch-up';

/** `recover-end`: the lab as it came back, or the failure's words. */
export interface RecoverEnd {
  kind: RecoverKind;
  lab?: Lab;
  error?: string;
}

/**
 * The learner's « Restaurer ma machine… » (a checkpoint: the machine as it was at the end of exercise N)
 * and « Rattraper jusqu'à l'exercice… » (when the class allows it) dialogs. Fires `recover-start`
 * (detail: kind) when the learner confirms, then `recover-end` (detail: RecoverEnd) once the machine is
 * back or the request failed. `info` says what the menu offers (loaded with the lab, again on `refresh`).
 */
export class AtLabRecover extends LitElement {
  static override styles = labRecoverStyles;

  @property() labId = '';
  @property({ attribute: false }) course?: CourseDetail;
  /** Exercises the learner is past (passed or caught up): catching up before them makes no sense. */
  @property({ attribute: false }) passed = new Set<string>();
  @state() info?: LabCheckpoints;
  @state() private kind?: RecoverKind;
  @state() private exerciseId = '';
  @state() private error = '';
  @query('dialog') private dialog?: HTMLDialogElement;

  constructor() {
    super();
    new I18nController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('labId')) {
      this.info = undefined;
      if (this.labId) void this.refresh();
    }
  }

  /** Reads the lab's checkpoints and whether catching up is allowed (the menu asks when it opens). */
  async refresh(): Promise<void> {
    const id = this.labId;
    try {
      const info = await api.labCheckpoints(id);
      if (id === this.labId) this.info = info;
      this.dispatchEvent(new CustomEvent('recover-info', { detail: info }));
    } catch {
      // No answer: the menu offers what it knew (a restore dialog reloads when opened).
    }
  }

  async open(kind: RecoverKind): Promise<void> {
    this.kind = kind;
    this.error = '';
    const exercises = this.course?.exercises ?? [];
    if (kind === 'catch-up') {
      const firstOpen = exercises.findIndex((e) => !this.passed.has(e.id));
      this.exerciseId = exercises[Math.min(Math.max(firstOpen + 1, 1), exercises.length - 1)]?.id ?? '';
    } else {
      this.exerciseId = this.sortedCheckpoints()[0]?.exerciseId ?? '';
    }
    await this.updateComplete;
    this.dialog?.showModal();
    if (kind === 'restore') {
      await this.refresh();
      if (!this.exerciseId) this.exerciseId = this.sortedCheckpoints()[0]?.exerciseId ?? '';
    }
  }

  private indexOf(exerciseId: string): number {
    return this.course?.exercises.findIndex((e) => e.id === exerciseId) ?? -1;
  }

  /** Newest exercise first: the learner usually wants the state just before they broke it. */
  private sortedCheckpoints() {
    return [...(this.info?.checkpoints ?? [])].sort(
      (a, b) => this.indexOf(b.exerciseId) - this.indexOf(a.exerciseId),
    );
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const kind = this.kind;
    if (!kind || !this.exerciseId || !this.labId) return;
    this.dialog?.close();
    this.dispatchEvent(new CustomEvent('recover-start', { detail: kind }));
    let end: RecoverEnd;
    try {
      const lab =
        kind === 'catch-up'
          ? await api.catchUpLab(this.labId, this.exerciseId)
          : await api.restoreLab(this.labId, this.exerciseId);
      end = { kind, lab };
    } catch (err) {
      end = { kind, error: errorText(err) };
    }
    this.dispatchEvent(new CustomEvent('recover-end', { detail: end }));
    void this.refresh();
  }

  override render() {
    const kind = this.kind;
    return html`<dialog aria-labelledby="recover-title" @close=${() => (this.kind = undefined)}>
      ${
        kind
          ? html`<h2 id="recover-title">
                ${t(kind === 'restore' ? 'labrecover.restoreTitle' : 'labrecover.catchUpTitle')}
              </h2>
              <p>${t(kind === 'restore' ? 'labrecover.restoreText' : 'labrecover.catchUpText')}</p>
              <form @submit=${this.confirm}>
                ${kind === 'restore' ? this.renderCheckpoints() : this.renderExercises()}
                ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
                <div class="actions">
                  <button class="btn btn-secondary" type="button" @click=${() => this.dialog?.close()}>
                    ${t('lab.cancel')}
                  </button>
                  <button
                    class="btn btn-danger"
                    type="submit"
                    data-testid="lab-recover-confirm"
                    ?disabled=${!this.exerciseId}
                  >
                    ${t(kind === 'restore' ? 'recover.confirmRestore' : 'recover.confirmCatchUp')}
                  </button>
                </div>
              </form>`
          : nothing
      }
    </dialog>`;
  }

  private renderCheckpoints() {
    if (!this.info) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    const list = this.sortedCheckpoints();
    if (list.length === 0) return html`<p class="muted">${t('labrecover.none')}</p>`;
    return html`<fieldset>
      <legend>${t('recover.checkpoints')}</legend>
      ${list.map((cp) => {
        const i = this.indexOf(cp.exerciseId);
        const title = this.course?.exercises[i]?.title ?? cp.exerciseId;
        return html`<label class="choice"
          ><input
            type="radio"
            name="checkpoint"
            .checked=${cp.exerciseId === this.exerciseId}
            @change=${() => (this.exerciseId = cp.exerciseId)}
          /><span
            >${t('recover.checkpoint', { n: i + 1, title })}
            <span class="when">${t('recover.savedAt', { when: formatInstant(cp.createdAt) })}</span></span
          ></label
        >`;
      })}
    </fieldset>`;
  }

  /** Exercises 2…n: catching up to the first would only be a reset. */
  private renderExercises() {
    const exercises = this.course?.exercises ?? [];
    return html`<label class="field"
      >${t('labrecover.exercise')}
      <select @change=${(e: Event) => (this.exerciseId = (e.target as HTMLSelectElement).value)}>
        ${exercises
          .slice(1)
          .map(
            (ex, i) =>
              html`<option value=${ex.id} ?selected=${ex.id === this.exerciseId}>
                ${t('recover.exerciseOption', { n: i + 2, title: ex.title })}
              </option>`,
          )}
      </select>
    </label>`;
  }
}
