import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, errorText } from '../../lib/api.js';
import { healthCheckEvent } from '../../lib/app-events.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import { getSocket, type CheckResultPayload, type LabStatusPayload } from '../../lib/socket.js';
import {
  BROWSER_KEY,
  EDITOR_KEY,
  initialAddress,
  labTabs,
  machinesOf,
  pagesOf,
  pickTab,
  type LabTab,
} from '../../lib/lab-tabs.js';
import { IMAGE_POLL_MS, imageStateOfError } from '../../lib/image-state.js';
import { isRecreating, recoverStatusText } from '../../lib/lab-progress.js';
import { availabilityAfter, isEngineDown, outageOf, type Outage } from '../../lib/lab-availability.js';
import { withResult, type CriterionMarks } from '../../lib/criteria-state.js';
import { shortcutOf } from '../../lib/lab-shortcuts.js';
import { runnableInput } from '../../lib/terminal-flow.js';
import type { CourseDetail, ImageState, Lab, ProgressEntry, User } from '../../lib/types.js';
import '../lab-browser/lab-browser.js';
import '../file-editor/file-editor.js';
import type { AtFileEditor } from '../file-editor/file-editor.js';
import { foldersOf, type FileRef } from '../../lib/file-paths.js';
import type { AtLabBrowser } from '../lab-browser/lab-browser.js';
import '../demo-panel/demo-panel.js';
import '../pair/pair.js';
import '../lab-recover/lab-recover.js';
import '../time-left/time-left.js';
import type { AtLabRecover, RecoverEnd, RecoverKind } from '../lab-recover/lab-recover.component.js';
import '../lesson/lesson.js';
import type { AtLesson, CoursePage, ShownResult } from '../lesson/lesson.component.js';
import type { TerminalStatus } from '../terminal/socket-attach-addon.js';
import '../terminal/terminal.js';
import type { AtTerminal } from '../terminal/terminal.js';
import { courseViewStyles } from './course-view.styles.js';
import {
  finishOf,
  INTRO,
  renderResetDialog,
  renderStartPanel,
  renderSteps,
  renderUntranslated,
} from './course-parts.js';
import { panelId, renderMachineTabs, tabId } from './machine-tabs.js';
import { renderTerminalHead, renderTerminalTitle } from './terminal-head.js';
import { outageStyles, renderOutageBanner } from './outage-banner.js';
import { SplitController } from './split-controller.js';
import { StartProgress } from './start-progress.js';

/** A course: lesson and checks on the left, the lab's terminal on the right. */
export class AtCourseView extends LitElement {
  static override styles = [...courseViewStyles, outageStyles];

  @property() courseId = '';
  /** Who looks: trainers and admins see « Traduction à faire » on an imported course still in English. */
  @property({ attribute: false }) user?: User;
  @state() private course?: CourseDetail;
  @state() private loadError = '';
  @state() private lab?: Lab;
  @state() private labMessage = '';
  @state() private labBusy: 'starting' | 'resetting' | '' = '';
  /** What the start in flight is doing (queued, creating, preparing) and since when. */
  private readonly startProgress = new StartProgress(this);
  /** Someone else (a trainer, another tab) is resetting the lab: fresh shells once it runs again. */
  private resetElsewhere = false;
  /** Why the machine is being recreated (reset, catch-up, restore): a catch-up moves the lesson on. */
  private recreating = '';
  /** Whether the learner may catch up by themselves (the lab menu offers it). */
  @state() private catchUp = false;
  /** Exercises completed by a catch-up (shown « rattrapé », not « réussi »). */
  @state() private skipped = new Set<string>();
  @state() private labError = '';
  /** The lab's engine does not answer: why, over a terminal kept as it was (lab-availability.ts). */
  @state() private outage?: Outage;
  /** The course's lab image while the server prepares it (the start button waits for `ready`). */
  @state() private imageState?: ImageState;
  private imagePoll?: ReturnType<typeof setTimeout>;
  /** Each opened machine's terminal status, by machine name. */
  @state() private terms = new Map<string, TerminalStatus>();
  /** The tab shown (a LabTab key) and the machines whose terminal exists (kept alive, hidden, once shown). */
  @state() private activeTab = '';
  @state() private opened = new Set<string>();
  @state() private browserOpened = false;
  @state() private editorOpened = false;
  /** What the lesson pane shows: an exercise's index, INTRO (-1) or finishOf(course) (the finish page). */
  @state() private index = 0;
  @state() private passed = new Set<string>();
  @state() private results = new Map<string, ShownResult>();
  /** Each exercise's criteria as the check results left them (an automatic failure included). */
  @state() private marks = new Map<string, CriterionMarks>();
  @state() private checking = '';
  @state() private checkError = '';
  @query('dialog') private dialog?: HTMLDialogElement;
  @query('at-lab-recover') private recoverDialogs?: AtLabRecover;
  @query('at-lab-browser') private browser?: AtLabBrowser;
  @query('at-file-editor') private editor?: AtFileEditor;
  /** The machine tab shown last (where "run in terminal" types while the Browser is shown). */
  private lastMachine = '';
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
      // While our start request is in flight we do not know the lab id yet: its phases are ours.
      if (this.labBusy === 'starting' && !this.lab) {
        return this.startProgress.heard(p);
      }
      if (p.labId !== this.lab?.id) return;
      // A reset, catch-up or restore: the old machine is going, its results say nothing of the new one.
      if (isRecreating(p)) {
        this.recreating = p.reason ?? '';
        if (this.labBusy !== 'resetting') {
          this.resetElsewhere = true;
          this.clearResults();
        }
      }
      const { outage, reopen } = availabilityAfter(this.outage, p);
      this.outage = outage;
      this.lab = { ...this.lab, state: p.state };
      // An idle cull is told by at-time-left (what happened, « Relancer la machine »), not the status pill;
      // an outage by its banner.
      this.labMessage = isRecreating(p)
        ? recoverStatusText(p.reason, p.phase)
        : p.reason === 'idle' || outage
          ? ''
          : (p.message ?? '');
      if (p.state === 'running' && this.resetElsewhere) {
        this.resetElsewhere = false;
        this.reopenShells();
        void this.afterRecreate(this.recreating);
      } else if (reopen) this.reopenShells(true);
    };
    const onCheck = (p: CheckResultPayload): void => {
      // An automatic check only brings good news: failures are shown when the learner asks (Vérifier).
      if (p.labId === this.lab?.id && (p.passed || !p.auto)) this.applyResult(p);
      else if (p.labId === this.lab?.id) this.markCriteria(p);
    };
    s.on('lab:status', onStatus).on('check:result', onCheck);
    this.addEventListener('keydown', this.onShortcut, { capture: true });
    this.unlisten = () => {
      s.off('lab:status', onStatus).off('check:result', onCheck);
      this.removeEventListener('keydown', this.onShortcut, { capture: true });
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    clearTimeout(this.imagePoll);
  }

  /**
   * Alt+Shift+V / N / H (lab-shortcuts.ts), from anywhere in the view. Listened to on the host in the
   * capture phase: it runs before xterm's hidden textarea sees the key, so the shell never gets it.
   */
  private readonly onShortcut = (e: KeyboardEvent): void => {
    const action = shortcutOf(e);
    if (!action || !this.course) return;
    e.preventDefault();
    e.stopPropagation();
    if (action === 'check') {
      if (this.canCheck) void this.check();
    } else if (action === 'next') {
      if (this.index < finishOf(this.course)) this.selectExercise(this.index + 1);
    } else this.renderRoot.querySelector<AtLesson>('at-lesson')?.revealHint();
  };

  /** Checking needs an exercise shown and an open shell (the same rule as the Vérifier button). */
  private get canCheck(): boolean {
    const ex = this.course?.exercises[this.index];
    return !!ex && !!this.lab && !this.checking && !this.outage && this.shellOpen;
  }

  private get shellOpen(): boolean {
    return [...this.terms.values()].some((s) => s.kind === 'open');
  }

  /** Follows the image until it is ready (or failed: it is built again only at the next server start). */
  private watchImage(state: ImageState | undefined): void {
    this.imageState = state;
    clearTimeout(this.imagePoll);
    if (state?.state !== 'building' && state?.state !== 'queued') return;
    const id = this.courseId;
    this.imagePoll = setTimeout(() => {
      void api.courseImage(id).then(
        (next) => id === this.courseId && this.isConnected && this.watchImage(next),
        () => id === this.courseId && this.isConnected && this.watchImage(state),
      );
    }, IMAGE_POLL_MS);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('courseId') && this.courseId) void this.load();
  }

  private async load(): Promise<void> {
    this.course = undefined;
    this.lab = undefined;
    this.outage = undefined;
    const [, labs, progress] = await Promise.allSettled([this.loadCourse(), api.labs(), api.progress()]);
    this.initTabs();
    if (progress.status === 'fulfilled') this.applyProgress(progress.value);
    const lab =
      labs.status === 'fulfilled' ? labs.value.find((l) => l.courseId === this.courseId) : undefined;
    this.pickInitialExercise(!!lab);
    // Coming back to a course whose lab exists: connect straight away (the server restarts it if needed).
    this.lab = lab;
    // Arriving from a workshop's link (`?start=1`): the lab starts without a second click.
    if (!lab && this.course && new URLSearchParams(location.search).has('start')) void this.startLab();
  }

  private async loadCourse(): Promise<void> {
    try {
      this.course = await api.course(this.courseId, i18n.lang);
      this.watchImage(this.course.imageState);
      this.loadError = '';
      document.title = `${this.course.title} · Atelier`;
    } catch (err) {
      this.loadError = errorText(err);
      document.title = `${t('layout.title.courseNotFound')} · Atelier`;
    }
  }

  private get tabs(): LabTab[] {
    return this.course ? labTabs(this.course) : [];
  }

  private get machines(): string[] {
    return this.course ? machinesOf(this.course) : [];
  }

  /** The machine whose terminal is shown, none while the Browser is. */
  private get activeMachine(): string | undefined {
    const tab = this.tabs.find((t) => t.key === this.activeTab);
    return tab?.kind === 'machine' ? tab.machine : undefined;
  }

  /** A course (re)opened: its default machine's shell at once, and the tab shown last in this browser tab. */
  private initTabs(): void {
    const first = this.machines[0] ?? '';
    this.terms = new Map();
    this.opened = new Set([first]);
    this.browserOpened = false;
    this.editorOpened = false;
    this.lastMachine = first;
    this.showTab(pickTab(this.tabs, readTab(this.courseId)));
  }

  private selectTab(key: string): void {
    const tab = this.tabs.find((t) => t.key === key);
    if (!tab || tab.key === this.activeTab) return;
    this.showTab(tab);
    saveTab(this.courseId, key);
  }

  private showTab(tab: LabTab): void {
    this.activeTab = tab.key;
    if (tab.kind === 'browser') return void (this.browserOpened = true);
    if (tab.kind === 'editor') return void (this.editorOpened = true);
    this.lastMachine = tab.machine;
    if (!this.opened.has(tab.machine)) this.opened = new Set(this.opened).add(tab.machine);
    this.announceFocus();
  }

  /**
   * Tells the server which shell is shown, so a trainer's mirror follows the tab. Sent again whenever a
   * shell (re)opens: after a reconnect a hidden tab may reattach after the shown one.
   */
  private announceFocus(): void {
    if (this.machines.length < 2) return; // one machine: nothing to follow, nothing new on the wire
    const status = this.activeMachine ? this.terms.get(this.activeMachine) : undefined;
    if (status?.kind === 'open') getSocket().emit('terminal:focus', { terminalId: status.terminalId });
  }

  /** A lesson's « Ouvrir dans l’éditeur » link: the Editor tab, that file in it. */
  private async openInEditor(file: FileRef): Promise<void> {
    this.selectTab(EDITOR_KEY);
    await this.updateComplete;
    // The exercise may ask to create it: a missing file opens as a new one.
    this.editor?.openFile(file.machine, file.path, true);
  }

  /** The file the editor shows (none when it is hidden), for a trainer watching. */
  private onEditorShown(file: FileRef | null): void {
    const labId = this.lab?.id;
    if (labId) getSocket().emit('editor:shown', file ? { labId, ...file } : { labId, path: null });
  }

  /** « Démarrer le lab » in the editor (a save waits for it): as after an idle stop, fresh shells. */
  private async startFromEditor(): Promise<void> {
    await this.startLab();
    if (this.lab?.state !== 'running') return;
    this.reopenShells();
    this.editor?.labStarted();
  }

  private terminalOf(machine: string): AtTerminal | null {
    return this.renderRoot.querySelector<AtTerminal>(`at-terminal[data-machine="${machine}"]`);
  }

  /** "Run in terminal": into the shell shown, or the last one shown while the Browser is. */
  private async runCode(code: string): Promise<void> {
    const machine = this.activeMachine ?? this.lastMachine;
    const tab = this.tabs.find((t) => t.kind === 'machine' && t.machine === machine);
    if (tab) this.selectTab(tab.key);
    await this.updateComplete;
    this.terminalOf(machine)?.sendInput(runnableInput(code));
  }

  /**
   * The exercise named in the URL (`?ex=<id>`, `intro`, `finish`); else the introduction on a first visit
   * (no lab, nothing passed, introduction never shown in this browser), the finish page once every exercise
   * passed, or the first exercise not passed yet.
   */
  private pickInitialExercise(hasLab: boolean): void {
    const c = this.course;
    const exercises = c?.exercises ?? [];
    const wanted = new URLSearchParams(location.search).get('ex');
    const byUrl = exercises.findIndex((e) => e.id === wanted);
    const firstOpen = exercises.findIndex((e) => !this.passed.has(e.id));
    if (byUrl >= 0) this.index = byUrl;
    else if (c?.introHtml !== undefined && wanted === 'intro') this.index = INTRO;
    else if (c?.finishHtml !== undefined && wanted === 'finish') this.index = finishOf(c);
    else if (c?.introHtml !== undefined && !hasLab && this.passed.size === 0 && !introSeen(this.courseId))
      this.index = INTRO;
    else if (c?.finishHtml !== undefined && firstOpen < 0 && exercises.length > 0) this.index = finishOf(c);
    else this.index = Math.max(0, firstOpen);
    if (this.index === INTRO) markIntroSeen(this.courseId);
  }

  private selectExercise(i: number): void {
    const c = this.course;
    if (!c) return;
    const id =
      i === INTRO && c.introHtml !== undefined
        ? 'intro'
        : i === finishOf(c) && c.finishHtml !== undefined
          ? 'finish'
          : c.exercises[i]?.id;
    if (!id) return;
    this.index = i;
    this.checkError = '';
    if (i === INTRO) markIntroSeen(this.courseId);
    const url = new URL(location.href);
    url.searchParams.set('ex', id);
    history.replaceState(history.state, '', url.pathname + url.search);
    this.renderRoot.querySelector('.lesson-pane')?.scrollTo({ top: 0 });
  }

  private async startLab(): Promise<void> {
    this.labBusy = 'starting';
    this.labError = '';
    this.startProgress.begin();
    try {
      this.lab = await api.startLab(this.courseId);
      this.focusOnOpen = true;
    } catch (err) {
      // Not ready after all (a start raced the poll): the panel shows the progress, not an error.
      const image = imageStateOfError(err);
      if (image) this.watchImage(image);
      else this.labError = errorText(err);
      this.dispatchEvent(healthCheckEvent());
    } finally {
      this.startProgress.end();
      this.labBusy = '';
    }
  }

  private async resetLab(): Promise<void> {
    this.dialog?.close();
    if (!this.lab) return;
    this.labBusy = 'resetting';
    this.clearResults();
    try {
      this.lab = await api.resetLab(this.lab.id);
      this.focusOnOpen = true;
      this.reopenShells();
    } catch (err) {
      this.labMessage = errorText(err);
    } finally {
      this.labBusy = '';
    }
  }

  private onRecoverStart(kind: RecoverKind): void {
    this.labBusy = 'resetting';
    this.recreating = kind;
    this.labMessage = recoverStatusText(kind, undefined);
    this.clearResults();
  }

  /** « Relancer la machine » after an idle cull (at-time-left started it): fresh shells, focused. */
  private onLabBack(lab: Lab): void {
    this.lab = lab;
    this.labMessage = '';
    this.focusOnOpen = true;
    this.reopenShells();
  }

  private onRecoverEnd(end: RecoverEnd): void {
    this.labBusy = '';
    if (!end.lab) return void (this.labMessage = end.error ?? '');
    this.lab = end.lab;
    this.labMessage = '';
    this.focusOnOpen = true;
    this.reopenShells();
    void this.afterRecreate(end.kind);
  }

  /** The progress may have changed (a catch-up, a trainer's clear); after a catch-up, on to exercise N. */
  private async afterRecreate(reason: string): Promise<void> {
    this.recreating = '';
    await this.reloadProgress();
    const firstOpen = this.course?.exercises.findIndex((e) => !this.passed.has(e.id)) ?? -1;
    if (reason === 'catch-up' && firstOpen >= 0) this.selectExercise(firstOpen);
  }

  /**
   * Every machine was recreated: each open tab gets a fresh shell, the Browser asks again. `resume`: the
   * machines came back as they were (their engine answers again): each tab gets its shell back if it lives.
   */
  private reopenShells(resume = false): void {
    for (const term of this.renderRoot.querySelectorAll('at-terminal')) term.reconnect(resume);
    this.browser?.reload();
  }

  private clearResults(): void {
    this.results = new Map();
    this.marks = new Map();
    this.checkError = '';
  }

  /** A trainer may have cleared the progress with the lab. */
  private async reloadProgress(): Promise<void> {
    const progress = await api.progress().catch(() => undefined);
    if (progress) this.applyProgress(progress);
  }

  /** This course's exercises passed, from the learner's progress in every course; caught-up ones apart. */
  private applyProgress(progress: ProgressEntry[]): void {
    const mine = progress.filter((p) => p.courseId === this.courseId && p.completedAt);
    this.passed = new Set(mine.map((p) => p.exerciseId));
    this.skipped = new Set(mine.filter((p) => p.skipped).map((p) => p.exerciseId));
  }

  /** `pointer`: Vérifier was clicked with the mouse; the shell gets the focus back afterwards. */
  private async check(pointer = false): Promise<void> {
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
    const machine = this.activeMachine;
    if (pointer && machine) this.terminalOf(machine)?.focusTerminal();
  }

  private markCriteria(r: ShownResult): void {
    const marks = withResult(this.marks.get(r.exerciseId), r.checks, !!r.auto);
    this.marks = new Map(this.marks).set(r.exerciseId, marks);
  }

  private applyResult(r: ShownResult): void {
    this.results = new Map(this.results).set(r.exerciseId, r);
    this.markCriteria(r);
    if (!r.passed || this.passed.has(r.exerciseId)) return;
    this.passed = new Set(this.passed).add(r.exerciseId);
    // The check that completes the course, on the exercise shown: on to the finish page.
    const c = this.course;
    if (
      c?.finishHtml !== undefined &&
      c.exercises[this.index]?.id === r.exerciseId &&
      c.exercises.every((e) => this.passed.has(e.id))
    )
      this.selectExercise(finishOf(c));
  }

  private onTerminalStatus(machine: string, e: CustomEvent<TerminalStatus>): void {
    this.terms = new Map(this.terms).set(machine, e.detail);
    // A page opened during an outage hears of it from its shells (the server refuses them: engine-down).
    if (isEngineDown(e.detail) && !this.outage) this.outage = outageOf(errorText(e.detail));
    if (e.detail.kind !== 'open') return;
    this.outage = undefined; // a shell opened: the machine answers
    if (this.lab && this.lab.state !== 'running') this.lab = { ...this.lab, state: 'running' };
    this.announceFocus();
    if (this.focusOnOpen && machine === this.activeMachine) {
      this.focusOnOpen = false;
      this.terminalOf(machine)?.focusTerminal();
    }
  }

  override render() {
    if (this.loadError && !this.course)
      return html`<div class="center">
        <h1>${t('layout.title.courseNotFound')}</h1>
        <p class="error" role="alert">${this.loadError}</p>
        <p><a class="btn btn-secondary" href="/">${t('app.backHome')}</a></p>
      </div>`;
    const c = this.course;
    if (!c) return html`<p class="center" role="status">${t('app.loading')}</p>`;
    const ex = c.exercises[this.index];
    const page: CoursePage | undefined =
      this.index === INTRO && c.introHtml !== undefined
        ? { kind: 'intro', html: c.introHtml }
        : this.index === finishOf(c) && c.finishHtml !== undefined
          ? { kind: 'finish', html: c.finishHtml }
          : undefined;
    const trainer = this.user?.role === 'trainer' || this.user?.role === 'admin';
    return html`<section class="lesson-pane" aria-labelledby="course-title">
        <p class="crumbs"><a href="/">${t('app.courses')}</a> /</p>
        <h1 id="course-title">${c.title} ${renderUntranslated(c.untranslated, trainer)}</h1>
        ${renderSteps(c, this.index, this.passed, (i) => this.selectExercise(i), this.skipped)}
        <at-demo-panel .courseId=${this.courseId}></at-demo-panel>
        <at-lesson
          .exercise=${ex}
          .page=${page}
          .hasIntro=${c.introHtml !== undefined}
          .hasFinish=${c.finishHtml !== undefined}
          .remaining=${c.exercises.filter((e) => !this.passed.has(e.id)).length}
          .index=${this.index}
          .total=${c.exercises.length}
          .passed=${!!ex && this.passed.has(ex.id)}
          .skipped=${!!ex && this.skipped.has(ex.id)}
          .labReady=${!!this.lab && !this.outage && this.shellOpen}
          .unavailable=${!!this.outage}
          .reconnecting=${!!this.lab && [...this.terms.values()].some((s) => s.kind === 'offline')}
          .checking=${!!ex && this.checking === ex.id}
          .result=${ex ? this.results.get(ex.id) : undefined}
          .marks=${ex ? this.marks.get(ex.id) : undefined}
          .checkError=${this.checkError}
          @check=${(e: CustomEvent<{ pointer: boolean }>) => void this.check(e.detail?.pointer)}
          @run-code=${(e: CustomEvent<string>) => void this.runCode(e.detail)}
          @exercise-nav=${(e: CustomEvent<number>) => this.selectExercise(e.detail)}
          .canOpenFiles=${!!this.lab}
          @open-in-editor=${(e: CustomEvent<FileRef>) => void this.openInEditor(e.detail)}
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
      <section class="term-pane" aria-label=${t('term.label')}>${this.renderTerminalPane(c)}</section>
      ${renderResetDialog(
        () => this.dialog?.close(),
        () => void this.resetLab(),
      )}
      <at-lab-recover
        .labId=${this.lab?.id ?? ''}
        .course=${c}
        .passed=${this.passed}
        @recover-info=${(e: CustomEvent<{ catchUp: boolean }>) => (this.catchUp = e.detail.catchUp)}
        @recover-start=${(e: CustomEvent<RecoverKind>) => this.onRecoverStart(e.detail)}
        @recover-end=${(e: CustomEvent<RecoverEnd>) => this.onRecoverEnd(e.detail)}
      ></at-lab-recover>`;
  }

  private renderTerminalPane(c: CourseDetail) {
    const tabs = this.tabs;
    const tabbed = !!this.lab && tabs.length > 1;
    const active = this.activeMachine;
    const head = renderTerminalHead({
      lab: this.lab,
      labMessage: this.labMessage,
      lead: tabbed
        ? renderMachineTabs({
            tabs,
            active: this.activeTab,
            status: this.outage ? NO_STATUS : this.terms,
            select: (key) => this.selectTab(key),
          })
        : renderTerminalTitle(active ?? this.machines[0] ?? 'lab'),
      // During an outage the banner says the terminal is disconnected, whatever its last status was.
      term: active && !this.outage ? (this.terms.get(active) ?? { kind: 'connecting' }) : undefined,
      resetting: this.labBusy === 'resetting',
      onReset: () => this.dialog?.showModal(),
      onRestore: () => void this.recoverDialogs?.open('restore'),
      onCatchUp: this.catchUp ? () => void this.recoverDialogs?.open('catch-up') : undefined,
      onMenu: () => void this.recoverDialogs?.refresh(),
      timeLeft: this.lab
        ? html`<at-time-left
            .lab=${this.lab}
            @lab-back=${(e: CustomEvent<Lab>) => this.onLabBack(e.detail)}
          ></at-time-left>`
        : undefined,
    });
    if (!this.lab)
      return html`${head}${renderStartPanel({
        machine: this.machines[0] ?? 'lab',
        progress: this.labBusy === 'starting' ? this.startProgress.text(this.machines.length) : undefined,
        error: this.labError,
        start: () => void this.startLab(),
        image: this.imageState,
      })}`;
    const lab = this.lab;
    // A one-machine course opens its shell exactly as before (no `machine` in terminal:open).
    const multi = this.machines.length > 1;
    const keyOf = (m: string) => tabs.find((t) => t.kind === 'machine' && t.machine === m)?.key ?? m;
    // A trainer shows this terminal to one of their classes (read-only, beside the learners' lesson).
    const demo =
      this.user?.role === 'trainer' || this.user?.role === 'admin'
        ? html`<at-demo-control .labId=${lab.id} .courseId=${this.courseId}></at-demo-control>`
        : nothing;
    return html`${head}${demo}
      <at-pair-bar .labId=${lab.id} .courseId=${this.courseId}></at-pair-bar>
      ${renderOutageBanner(this.outage)}
      <div class="term-stack ${this.outage ? 'disconnected' : ''}">
        ${repeat(
          this.machines.filter((m) => this.opened.has(m)),
          (m) => m,
          (m) =>
            html`<at-terminal
              data-machine=${m}
              id=${tabbed ? panelId(keyOf(m)) : nothing}
              role=${tabbed ? 'tabpanel' : nothing}
              aria-labelledby=${tabbed ? tabId(keyOf(m)) : nothing}
              ?hidden=${m !== active}
              .labId=${lab.id}
              .machine=${multi ? m : undefined}
              @terminal-status=${(e: CustomEvent<TerminalStatus>) => this.onTerminalStatus(m, e)}
            ></at-terminal>`,
        )}
        ${
          this.browserOpened
            ? html`<at-lab-browser
                id=${panelId(BROWSER_KEY)}
                role="tabpanel"
                aria-labelledby=${tabId(BROWSER_KEY)}
                ?hidden=${this.activeTab !== BROWSER_KEY}
                .labId=${lab.id}
                .running=${lab.state === 'running'}
                .shown=${this.activeTab === BROWSER_KEY}
                .machines=${this.machines}
                .pages=${pagesOf(c)}
                .initial=${initialAddress(c)}
              ></at-lab-browser>`
            : nothing
        }
        ${
          this.editorOpened
            ? html`<at-file-editor
                id=${panelId(EDITOR_KEY)}
                role="tabpanel"
                aria-labelledby=${tabId(EDITOR_KEY)}
                ?hidden=${this.activeTab !== EDITOR_KEY}
                .labId=${lab.id}
                .running=${lab.state === 'running'}
                .shown=${this.activeTab === EDITOR_KEY}
                .machines=${this.machines}
                .quickFiles=${c.exercises[this.index]?.files ?? NO_FILES}
                .folders=${courseFolders(c)}
                @editor-shown=${(e: CustomEvent<FileRef | null>) => this.onEditorShown(e.detail)}
                @start-lab=${() => void this.startFromEditor()}
              ></at-file-editor>`
            : nothing
        }
      </div>`;
  }
}

const NO_FILES: FileRef[] = [];
/** The tabs' dots during an outage: no shell is connected, whatever their last status was. */
const NO_STATUS: ReadonlyMap<string, TerminalStatus> = new Map();
const folderCache = new WeakMap<CourseDetail, FileRef[]>();

/** The folders of every exercise's files (the editor's quick access), once per course loaded. */
function courseFolders(c: CourseDetail): FileRef[] {
  let folders = folderCache.get(c);
  if (!folders) folderCache.set(c, (folders = foldersOf(c.exercises.flatMap((e) => e.files ?? []))));
  return folders;
}

const INTRO_KEY = 'atelier.intro-seen.';

/** Whether this browser showed the course's introduction already (then a visit opens the exercises). */
function introSeen(courseId: string): boolean {
  try {
    return localStorage.getItem(INTRO_KEY + courseId) !== null;
  } catch {
    return false;
  }
}

function markIntroSeen(courseId: string): void {
  try {
    localStorage.setItem(INTRO_KEY + courseId, '1');
  } catch {
    // storage unavailable: the introduction opens again on the next visit without progress
  }
}

const TAB_KEY = 'atelier.tab.';

/** The tab shown last for a course, in this browser tab (a reload comes back to it). */
function readTab(courseId: string): string | null {
  try {
    return sessionStorage.getItem(TAB_KEY + courseId);
  } catch {
    return null;
  }
}

function saveTab(courseId: string, key: string): void {
  try {
    sessionStorage.setItem(TAB_KEY + courseId, key);
  } catch {
    // storage unavailable: the first machine shows after a reload
  }
}
