import { html, LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { healthCheckEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import { getSocket, type CheckResultPayload, type LabStatusPayload } from '../../lib/socket.js';
import { runnableInput } from '../../lib/terminal-flow.js';
import type { CheckResult, CourseDetail, Lab } from '../../lib/types.js';
import '../lesson/lesson.js';
import type { TerminalStatus } from '../terminal/socket-attach-addon.js';
import '../terminal/terminal.js';
import type { AtTerminal } from '../terminal/terminal.js';
import { courseViewStyles } from './course-view.styles.js';
import { renderResetDialog, renderStartPanel, renderSteps } from './course-parts.js';
import { renderTerminalHead } from './terminal-head.js';
import { SplitController } from './split-controller.js';

/** A course: lesson and checks on the left, the lab's terminal on the right. */
export class AtCourseView extends LitElement {
  static override styles = courseViewStyles;

  @property() courseId = '';
  @state() private course?: CourseDetail;
  @state() private loadError = '';
  @state() private lab?: Lab;
  @state() private labMessage = '';
  @state() private labBusy: 'starting' | 'resetting' | '' = '';
  /** Place in the start queue while the server is busy starting other labs (a class at 9:00). */
  @state() private queuePosition = 0;
  @state() private labError = '';
  @state() private term: TerminalStatus = { kind: 'connecting' };
  @state() private index = 0;
  @state() private passed = new Set<string>();
  @state() private results = new Map<string, CheckResult>();
  @state() private checking = '';
  @state() private checkError = '';
  @query('at-terminal') private terminal?: AtTerminal;
  @query('dialog') private dialog?: HTMLDialogElement;
  private readonly split = new SplitController(this);
  private focusOnOpen = false;
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this, () => void this.loadCourse());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onStatus = (p: LabStatusPayload): void => {
      // While our start request is in flight we do not know the lab id yet: its queue place is ours.
      if (this.labBusy === 'starting' && !this.lab) {
        this.queuePosition = p.state === 'queued' ? (p.position ?? 0) : 0;
        return;
      }
      if (p.labId !== this.lab?.id) return;
      this.lab = { ...this.lab, state: p.state };
      this.labMessage = p.message ?? '';
    };
    const onCheck = (p: CheckResultPayload): void => {
      if (p.labId === this.lab?.id) this.applyResult(p);
    };
    s.on('lab:status', onStatus).on('check:result', onCheck);
    this.unlisten = () => s.off('lab:status', onStatus).off('check:result', onCheck);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('courseId') && this.courseId) void this.load();
  }

  private async load(): Promise<void> {
    this.course = undefined;
    this.lab = undefined;
    const [, labs, progress] = await Promise.allSettled([this.loadCourse(), api.labs(), api.progress()]);
    if (progress.status === 'fulfilled')
      this.passed = new Set(
        progress.value.filter((p) => p.courseId === this.courseId && p.completedAt).map((p) => p.exerciseId),
      );
    this.pickInitialExercise();
    // Coming back to a course whose lab exists: connect straight away (the server restarts it if needed).
    if (labs.status === 'fulfilled') this.lab = labs.value.find((l) => l.courseId === this.courseId);
  }

  private async loadCourse(): Promise<void> {
    try {
      this.course = await api.course(this.courseId, i18n.lang);
      this.loadError = '';
      document.title = `${this.course.title} · Atelier`;
    } catch (err) {
      this.loadError = errorText(err);
    }
  }

  private pickInitialExercise(): void {
    const exercises = this.course?.exercises ?? [];
    const wanted = new URLSearchParams(location.search).get('ex');
    const byUrl = exercises.findIndex((e) => e.id === wanted);
    const firstOpen = exercises.findIndex((e) => !this.passed.has(e.id));
    this.index = byUrl >= 0 ? byUrl : Math.max(0, firstOpen);
  }

  private selectExercise(i: number): void {
    const ex = this.course?.exercises[i];
    if (!ex) return;
    this.index = i;
    this.checkError = '';
    const url = new URL(location.href);
    url.searchParams.set('ex', ex.id);
    history.replaceState(history.state, '', url.pathname + url.search);
    this.renderRoot.querySelector('.lesson-pane')?.scrollTo({ top: 0 });
  }

  private async startLab(): Promise<void> {
    this.labBusy = 'starting';
    this.labError = '';
    try {
      this.lab = await api.startLab(this.courseId);
      this.focusOnOpen = true;
    } catch (err) {
      this.labError = errorText(err);
      this.dispatchEvent(healthCheckEvent());
    } finally {
      this.labBusy = '';
      this.queuePosition = 0;
    }
  }

  private async resetLab(): Promise<void> {
    this.dialog?.close();
    if (!this.lab) return;
    this.labBusy = 'resetting';
    try {
      this.lab = await api.resetLab(this.lab.id);
      this.focusOnOpen = true;
      this.terminal?.reconnect();
    } catch (err) {
      this.labMessage = errorText(err);
    } finally {
      this.labBusy = '';
    }
  }

  private async check(): Promise<void> {
    const ex = this.course?.exercises[this.index];
    if (!ex || !this.lab) return;
    this.checking = ex.id;
    this.checkError = '';
    try {
      this.applyResult(await api.check(this.lab.id, ex.id, i18n.lang));
    } catch (err) {
      this.checkError = errorText(err);
    } finally {
      this.checking = '';
    }
  }

  private applyResult(r: CheckResult): void {
    this.results = new Map(this.results).set(r.exerciseId, r);
    if (r.passed) this.passed = new Set(this.passed).add(r.exerciseId);
  }

  private onTerminalStatus(e: CustomEvent<TerminalStatus>): void {
    this.term = e.detail;
    if (e.detail.kind === 'open' && this.lab && this.lab.state !== 'running')
      this.lab = { ...this.lab, state: 'running' };
    if (e.detail.kind === 'open' && this.focusOnOpen) {
      this.focusOnOpen = false;
      this.terminal?.focusTerminal();
    }
  }

  override render() {
    if (this.loadError && !this.course)
      return html`<div class="center">
        <p class="error" role="alert">${this.loadError}</p>
        <p><a class="btn btn-secondary" href="/">${t('app.backHome')}</a></p>
      </div>`;
    const c = this.course;
    if (!c) return html`<p class="center" role="status">${t('app.loading')}</p>`;
    const ex = c.exercises[this.index];
    return html`<section class="lesson-pane" aria-labelledby="course-title">
        <p class="crumbs"><a href="/">${t('app.courses')}</a> /</p>
        <h1 id="course-title">${c.title}</h1>
        ${renderSteps(c.exercises, this.index, this.passed, (i) => this.selectExercise(i))}
        <at-lesson
          .exercise=${ex}
          .index=${this.index}
          .total=${c.exercises.length}
          .passed=${!!ex && this.passed.has(ex.id)}
          .labReady=${!!this.lab && this.term.kind === 'open'}
          .checking=${!!ex && this.checking === ex.id}
          .result=${ex ? this.results.get(ex.id) : undefined}
          .checkError=${this.checkError}
          @check=${() => void this.check()}
          @run-code=${(e: CustomEvent<string>) => this.terminal?.sendInput(runnableInput(e.detail))}
          @exercise-nav=${(e: CustomEvent<number>) => this.selectExercise(e.detail)}
        ></at-lesson>
      </section>
      <div
        class="gutter"
        role="separator"
        tabindex="0"
        aria-orientation="vertical"
        aria-label=${t('course.resize')}
        aria-valuemin="25"
        aria-valuemax="75"
        aria-valuenow=${this.split.value}
        @pointerdown=${this.split.onPointerDown}
        @pointermove=${this.split.onPointerMove}
        @pointerup=${this.split.onPointerUp}
        @pointercancel=${this.split.onPointerUp}
        @keydown=${this.split.onKeyDown}
      ></div>
      <section class="term-pane" aria-label=${t('term.label')}>${this.renderTerminalPane()}</section>
      ${renderResetDialog(
        () => this.dialog?.close(),
        () => void this.resetLab(),
      )}`;
  }

  private renderTerminalPane() {
    const head = renderTerminalHead({
      lab: this.lab,
      labMessage: this.labMessage,
      term: this.term,
      resetting: this.labBusy === 'resetting',
      onReset: () => this.dialog?.showModal(),
    });
    if (this.lab)
      return html`${head}<at-terminal
          .labId=${this.lab.id}
          @terminal-status=${(e: CustomEvent<TerminalStatus>) => this.onTerminalStatus(e)}
        ></at-terminal>`;
    return html`${head}${renderStartPanel(
      this.labBusy === 'starting',
      this.labError,
      () => void this.startLab(),
      this.queuePosition,
    )}`;
  }
}
