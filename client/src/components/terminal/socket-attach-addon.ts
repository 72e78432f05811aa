import type { IDisposable, ITerminalAddon, Terminal } from '@xterm/xterm';
import { ACK_EVERY_BYTES, MAX_INPUT_CHUNK, type Ack, type AtelierSocket } from '../../lib/socket.js';
import { AckCounter, InputQueue } from '../../lib/terminal-flow.js';
import { ResumeMemory, resumeKey, type ResumeStorage } from '../../lib/terminal-resume.js';
import type { ErrorParams } from '../../lib/types.js';
import { OfflineInput } from './offline-input.js';

export type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'open'; terminalId: string; replayed: boolean }
  | { kind: 'exited'; code: number | null }
  /** Worded by errorText (lib/api.ts): `reason` is a server ErrorReason or a client one. */
  | { kind: 'failed'; reason: string; message: string; params?: ErrorParams }
  /**
   * The socket is away and reconnecting; `restarting`: because the server announced a restart. `held`:
   * characters typed meanwhile, sent once the shell is back; `cut`: typing past the cap was not kept.
   */
  | { kind: 'offline'; restarting?: boolean; held?: number; cut?: boolean };

export interface AttachOptions {
  labId: string;
  /** Which machine of the lab; unset: the default one (and nothing extra on the wire). */
  machine?: string;
  onStatus(status: TerminalStatus): void;
  /** Text written (dimmed) into the terminal when the shell exits. */
  exitNotice(): string;
  /** Where the shell's id survives a reload (sessionStorage in the page); memory only when unset. */
  storage?: ResumeStorage;
}

const OPEN_TIMEOUT_MS = 20_000;
/** An open that timed out on a live socket is tried again this many times before the learner sees it. */
const OPEN_RETRIES = 2;
const INPUT_TIMEOUT_MS = 5_000;
const INPUT_WINDOW_BYTES = 4 * MAX_INPUT_CHUNK;
const RESIZE_DEBOUNCE_MS = 150;
type Output = { terminalId: string; data: ArrayBuffer | Uint8Array };
type OpenAck = Ack<{ terminalId: string; replayed: boolean }>;

/**
 * Binds an xterm.js Terminal to a lab shell over Socket.IO (in the spirit of xterm's AttachAddon):
 * input is chunked and ordered, output is written as bytes and acknowledged after xterm has parsed it,
 * resizes are debounced, and the terminal is reopened (and replayed by the server) after a reconnect.
 * The shell's id is remembered (and sent as `resume`) so a reconnect after a server restart finds it.
 * Keys typed while the shell is unreachable are kept (a few KiB) and sent once it is back.
 * Everything registered on the socket or the terminal is undone by dispose().
 */
export class SocketAttachAddon implements ITerminalAddon {
  private term?: Terminal;
  private readonly disposables: IDisposable[] = [];
  private readonly acks = new AckCounter(ACK_EVERY_BYTES);
  private readonly input = new InputQueue(
    (d, done) => this.sendInput(d, done),
    MAX_INPUT_CHUNK,
    INPUT_WINDOW_BYTES,
  );
  private terminalId?: string;
  private opening = false;
  private openSeq = 0;
  private pending: Output[] = [];
  private exited = false;
  private resizeTimer?: ReturnType<typeof setTimeout>;
  private readonly resume: ResumeMemory;
  /** The server said it restarts: until the next 'connect', nothing it refuses is an error. */
  private restarting = false;
  private timeouts = 0;
  private readonly offlineInput = new OfflineInput();
  /** The last status told: typing is kept while offline or (re)connecting. */
  private statusKind: TerminalStatus['kind'] = 'connecting';

  constructor(
    private readonly socket: AtelierSocket,
    private readonly opts: AttachOptions,
  ) {
    this.resume = new ResumeMemory(resumeKey(opts.labId, opts.machine), opts.storage);
  }

  get labId(): string {
    return this.opts.labId;
  }

  get machine(): string | undefined {
    return this.opts.machine;
  }

  activate(term: Terminal): void {
    this.term = term;
    const s = this.socket;
    const onOutput = (p: Output): void => this.onOutput(p);
    const onExit = (p: { terminalId: string; code: number | null }): void =>
      this.onExit(p.terminalId, p.code);
    const onConnect = (): void => {
      this.restarting = false;
      this.timeouts = 0;
      this.open();
    };
    const onDisconnect = (): void => this.onDisconnect();
    const onRestarting = (): void => {
      this.restarting = true;
      if (!this.exited) this.setStatus(this.offline());
    };
    const onRefused = (err: Error): void => {
      if (!s.active) this.setStatus({ kind: 'failed', reason: 'socket-refused', message: err.message });
    };
    s.on('terminal:output', onOutput).on('terminal:exit', onExit).on('connect', onConnect);
    s.on('disconnect', onDisconnect).on('connect_error', onRefused).on('server:restarting', onRestarting);
    this.disposables.push(
      { dispose: () => s.off('terminal:output', onOutput).off('terminal:exit', onExit) },
      { dispose: () => s.off('server:restarting', onRestarting) },
      {
        dispose: () =>
          s.off('connect', onConnect).off('disconnect', onDisconnect).off('connect_error', onRefused),
      },
      term.onData((d) => this.onData(d)),
      term.onBinary((d) => this.onData(d)),
      term.onResize(() => this.scheduleResize()),
      { dispose: () => clearTimeout(this.resizeTimer) },
    );
    if (this.socket.connected) this.open();
    else this.setStatus({ kind: 'connecting' });
  }

  /** Opens (or reopens) the lab's shell; the server replays recent output when it still has it. */
  open(): void {
    const term = this.term;
    if (!term) return;
    const seq = ++this.openSeq;
    this.terminalId = undefined;
    this.exited = false;
    this.pending = [];
    this.acks.reset();
    this.input.clear();
    if (!this.socket.connected) {
      // The 'connect' listener reopens; a socket the server refused does not retry by itself.
      if (!this.socket.active) this.socket.connect();
      this.setStatus(this.offline());
      return;
    }
    this.opening = true;
    if (!this.restarting) this.setStatus({ kind: 'connecting' });
    const { labId, machine } = this.opts;
    const resume = this.resume.value;
    const payload = {
      labId,
      cols: term.cols,
      rows: term.rows,
      ...(machine ? { machine } : {}),
      ...(resume ? { resume } : {}),
    };
    this.socket.timeout(OPEN_TIMEOUT_MS).emit('terminal:open', payload, (err, ack) => {
      if (seq !== this.openSeq || !this.term) return this.superseded(err ? undefined : ack);
      this.opening = false;
      const pending = this.pending;
      this.pending = [];
      // Not answered while the server was away (or restarting): the next 'connect' reopens.
      if (err && (!this.socket.connected || this.restarting)) return this.setStatus(this.offline());
      if (err && ++this.timeouts <= OPEN_RETRIES) return this.open();
      this.timeouts = 0;
      if (err) return this.setStatus({ kind: 'failed', reason: 'timeout', message: '' });
      if (!ack.ok) {
        if (this.restarting) return this.setStatus(this.offline());
        const { reason, message, params } = ack;
        return this.setStatus({ kind: 'failed', reason, message, ...(params ? { params } : {}) });
      }
      this.terminalId = ack.terminalId;
      this.resume.remember(ack.terminalId);
      // Replayed output repaints the screen from scratch: clear it first (output that raced the ack
      // was held in `pending`, so the reset always precedes the replay).
      if (ack.replayed) this.term.reset();
      for (const o of pending) if (o.terminalId === ack.terminalId) this.write(o);
      this.setStatus({ kind: 'open', terminalId: ack.terminalId, replayed: ack.replayed });
      this.scheduleResize();
      const typed = this.offlineInput.take();
      if (typed) this.input.push(typed);
    });
  }

  /** Opens a new shell, not the remembered one (the lab's machines were recreated). */
  openFresh(): void {
    this.resume.forget();
    this.offlineInput.clear(); // typed for the machine that went away
    this.open();
  }

  /** Sends text as if typed (used by "run in terminal"); ignored while no shell is open. */
  send(data: string): void {
    if (this.terminalId) this.input.push(data);
  }

  /**
   * The element left the page (another course, another view): the shell stays alive on the server,
   * detached, and comes back with its recent screen when the learner returns.
   */
  dispose(): void {
    if (this.terminalId && this.socket.connected)
      this.socket.emit('terminal:detach', { terminalId: this.terminalId });
    this.openSeq++;
    this.input.clear();
    this.offlineInput.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.term = undefined;
    this.terminalId = undefined;
  }

  /**
   * The answer to an open that was reopened or disposed meanwhile: a new shell nobody will show is
   * closed; the remembered one (reattached) stays, detached when this view is gone.
   */
  private superseded(ack?: OpenAck): void {
    if (!ack?.ok) return;
    if (ack.terminalId !== this.resume.value)
      this.socket.emit('terminal:close', { terminalId: ack.terminalId });
    else if (!this.term) this.socket.emit('terminal:detach', { terminalId: ack.terminalId });
  }

  private offline(): TerminalStatus {
    const held = this.offlineInput.size;
    return {
      kind: 'offline',
      ...(this.restarting ? { restarting: true } : {}),
      ...(held ? { held } : {}),
      ...(this.offlineInput.cut ? { cut: true } : {}),
    };
  }

  private setStatus(status: TerminalStatus): void {
    this.statusKind = status.kind;
    // Typing kept for a shell that will not come back (refused, ended) is not sent to the next one.
    if (status.kind === 'failed' || status.kind === 'exited') this.offlineInput.clear();
    this.opts.onStatus(status);
  }

  private onOutput(o: Output): void {
    if (this.opening) this.pending.push(o);
    else if (o.terminalId === this.terminalId) this.write(o);
  }

  private write({ terminalId, data }: Output): void {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    this.term?.write(bytes, () => {
      if (terminalId !== this.terminalId) return;
      const n = this.acks.written(bytes.byteLength);
      if (n > 0) this.socket.emit('terminal:ack', { terminalId, bytes: n });
    });
  }

  private onExit(terminalId: string, code: number | null): void {
    // A server going down may let its shells go: the holder keeps them, the next process gives them back.
    if (terminalId !== this.terminalId || this.restarting) return;
    this.terminalId = undefined;
    this.resume.forget();
    this.exited = true;
    this.input.clear();
    this.term?.write(`\r\n\x1b[2m${this.opts.exitNotice()}\x1b[0m\r\n`);
    this.setStatus({ kind: 'exited', code });
  }

  private onDisconnect(): void {
    this.openSeq++;
    this.opening = false;
    this.terminalId = undefined;
    this.input.clear();
    if (!this.exited) this.setStatus(this.offline());
  }

  private onData(data: string): void {
    if (this.exited) {
      if (data.includes('\r')) this.open();
      return;
    }
    if (this.terminalId) this.input.push(data);
    else if (this.statusKind === 'offline' || this.statusKind === 'connecting') {
      this.offlineInput.push(data);
      if (this.statusKind === 'offline') this.setStatus(this.offline());
    }
  }

  private sendInput(data: string, done: () => void): void {
    const terminalId = this.terminalId;
    if (!terminalId || !this.socket.connected) return done();
    this.socket.timeout(INPUT_TIMEOUT_MS).emit('terminal:input', { terminalId, data }, () => done());
  }

  private scheduleResize(): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const { term, terminalId } = this;
      if (!term || !terminalId) return;
      const clamp = (n: number): number => Math.min(500, Math.max(1, n));
      this.socket.emit('terminal:resize', { terminalId, cols: clamp(term.cols), rows: clamp(term.rows) });
    }, RESIZE_DEBOUNCE_MS);
  }
}
