import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { formatInstant } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import { ltiApi, type LtiClassView, type LtiScoreView } from '../../lib/lti-api.js';
import { pageStyles } from '../../styles/page.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/**
 * A class's LTI side, for its trainers (nothing when the class does not come from an LMS): the roster import
 * and the grades sent to the LMS, a failed one with its error and a button to send it again.
 */
export class AtLtiClass extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    css`
      :host {
        display: block;
        margin: 0 20px 24px;
      }
      th,
      td {
        padding: 6px 8px;
        border-bottom: 1px solid #eef1f5;
        text-align: left;
      }
      .failed {
        color: #a4161a;
      }
    `,
  ];

  @property() classId = '';
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;

  private readonly view = new LoadController<LtiClassView | undefined>(this, () =>
    this.classId ? ltiApi.classView(this.classId) : Promise.resolve(undefined),
  );

  // The class id may come after the first connection (the page's own property binding).
  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('classId') && this.classId) void this.view.reload();
  }

  private async run(action: () => Promise<string>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      this.notice = await action();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      await this.view.reload();
      this.busy = false;
    }
  }

  override render() {
    const v = this.view.value;
    if (!v?.linked) return nothing;
    return html`<section class="panel" aria-labelledby="lti-class-title">
      <h2 id="lti-class-title">${t('lti.class.title')}</h2>
      <p>${t('lti.class.linked', { course: v.contextTitle ?? '', platform: v.platform?.name ?? '' })}</p>
      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      </div>
      ${
        v.canImportRoster
          ? html`<button
              class="btn btn-secondary"
              type="button"
              ?disabled=${this.busy}
              @click=${() =>
                this.run(async () =>
                  t('lti.class.imported', { ...(await ltiApi.importRoster(this.classId)) }),
                )}
            >
              ${t('lti.class.import')}
            </button>`
          : nothing
      }
      <h3>${t('lti.class.grades')}</h3>
      ${v.scores.length ? this.renderScores(v.scores) : html`<p class="muted">${t('lti.class.noGrades')}</p>`}
    </section>`;
  }

  private renderScores(scores: LtiScoreView[]) {
    return html`<table>
      <thead>
        <tr>
          <th>${t('lti.class.learner')}</th>
          <th>${t('lti.class.exercise')}</th>
          <th>${t('lti.class.score')}</th>
          <th>${t('lti.class.state')}</th>
          <th><span class="sr-only">${t('grid.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${scores.map(
          (s) =>
            html`<tr data-score=${s.id} data-state=${s.state}>
              <td>${s.learner}</td>
              <td>${s.exerciseId ?? t('lti.class.wholeCourse')}</td>
              <td>${s.scoreGiven} / ${s.scoreMaximum}</td>
              <td class=${s.state === 'failed' ? 'failed' : ''} title=${s.lastError ?? ''}>
                ${
                  s.state === 'failed'
                    ? t('lti.state.failed', { attempts: s.attempts })
                    : t(s.state === 'sent' ? 'lti.state.sent' : 'lti.state.pending')
                }
                ${s.sentAt ? html`<small class="muted">${formatInstant(s.sentAt)}</small>` : nothing}
              </td>
              <td>
                ${
                  s.state === 'failed'
                    ? html`<button
                        class="btn btn-secondary"
                        type="button"
                        ?disabled=${this.busy}
                        @click=${() =>
                          this.run(async () => {
                            await ltiApi.retryScore(this.classId, s.id);
                            return '';
                          })}
                      >
                        ${t('lti.class.retry')}
                      </button>`
                    : nothing
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
