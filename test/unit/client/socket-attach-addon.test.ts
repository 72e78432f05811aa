// The terminal binding against a fake socket and a fake xterm: ordering, replay, acks, cleanup.
import type { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import {
  SocketAttachAddon,
  type TerminalStatus,
} from '../../../client/src/components/terminal/socket-attach-addon.js';
import type { AtelierSocket } from '../../../client/src/lib/socket.js';
import type { ResumeStorage } from '../../../client/src/lib/terminal-resume.js';

type Listener = (...args: never[]) => void;
type AckFn = (err: Error | null, ack?: unknown) => void;

class FakeSocket {
  connected = true;
  active = true;
  readonly listeners = new Map<string, Set<Listener>>();
  readonly emitted: { event: string; payload: unknown; ack?: AckFn }[] = [];
  on(event: string, l: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(l);
    return this;
  }
  off(event: string, l: Listener) {
    this.listeners.get(event)?.delete(l);
    return this;
  }
  emit(event: string, payload: unknown, ack?: (a: unknown) => void) {
    this.emitted.push({ event, payload, ack: ack && ((_e, a) => ack(a)) });
    return this;
  }
  timeout() {
    return {
      emit: (event: string, payload: unknown, ack: AckFn) => this.emitted.push({ event, payload, ack }),
    };
  }
  serverSends(event: string, payload: unknown) {
    for (const l of this.listeners.get(event) ?? []) (l as (p: unknown) => void)(payload);
  }
  last(event: string) {
    return [...this.emitted].reverse().find((e) => e.event === event);
  }
  all(event: string) {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }
}

class FakeTerm {
  cols = 80;
  rows = 24;
  screen = '';
  resets = 0;
  private readonly dataListeners: ((d: string) => void)[] = [];
  onData(l: (d: string) => void) {
    this.dataListeners.push(l);
    return { dispose: () => this.dataListeners.splice(this.dataListeners.indexOf(l), 1) };
  }
  onBinary() {
    return { dispose: () => undefined };
  }
  onResize() {
    return { dispose: () => undefined };
  }
  write(data: string | Uint8Array, cb?: () => void) {
    this.screen += typeof data === 'string' ? data : new TextDecoder().decode(data);
    cb?.();
  }
  reset() {
    this.screen = '';
    this.resets++;
  }
  type(d: string) {
    for (const l of this.dataListeners) l(d);
  }
  get listenerCount() {
    return this.dataListeners.length;
  }
}

const bytes = (s: string) => new TextEncoder().encode(s);

function setup(machine?: string, storage?: ResumeStorage) {
  const socket = new FakeSocket();
  const term = new FakeTerm();
  const statuses: TerminalStatus[] = [];
  const addon = new SocketAttachAddon(socket as unknown as AtelierSocket, {
    labId: 'aaaaaaaaaaaaaaaa',
    ...(machine ? { machine } : {}),
    onStatus: (s) => statuses.push(s),
    exitNotice: () => 'EXITED',
    ...(storage ? { storage } : {}),
  });
  addon.activate(term as unknown as Terminal);
  const answerOpen = (terminalId: string, replayed = false) =>
    socket.last('terminal:open')?.ack?.(null, { ok: true, terminalId, replayed });
  return { socket, term, statuses, addon, answerOpen };
}

describe('SocketAttachAddon', () => {
  it('opens the lab shell with the terminal size and shows its output', () => {
    const { socket, term, answerOpen } = setup();
    expect(socket.last('terminal:open')?.payload).toEqual({ labId: 'aaaaaaaaaaaaaaaa', cols: 80, rows: 24 });
    answerOpen('t1');
    socket.serverSends('terminal:output', { terminalId: 't1', data: bytes('root@lab:~# ') });
    socket.serverSends('terminal:output', { terminalId: 'other', data: bytes('not mine') });
    expect(term.screen).toBe('root@lab:~# ');
  });

  it('opens the shell of the machine it is given, and sends no machine for the default one', () => {
    const { socket, answerOpen } = setup('db');
    expect(socket.last('terminal:open')?.payload).toEqual({
      labId: 'aaaaaaaaaaaaaaaa',
      cols: 80,
      rows: 24,
      machine: 'db',
    });
    answerOpen('t1');
    socket.serverSends('connect', undefined);
    expect(socket.last('terminal:open')?.payload).toMatchObject({ machine: 'db' });
    expect(setup().socket.last('terminal:open')?.payload).not.toHaveProperty('machine');
  });

  it('clears the screen before a replay, even when the replay arrives before the ack', () => {
    const { socket, term, answerOpen } = setup();
    term.write('stale screen');
    socket.serverSends('terminal:output', { terminalId: 't1', data: bytes('replayed history') });
    expect(term.screen).toBe('stale screen');
    answerOpen('t1', true);
    expect(term.resets).toBe(1);
    expect(term.screen).toBe('replayed history');
  });

  it('sends keystrokes to the open shell and acknowledges written bytes by ~16 KiB', () => {
    const { socket, term, answerOpen } = setup();
    term.type('ls');
    expect(socket.all('terminal:input')).toEqual([]); // nothing is open yet: kept, sent once it is
    answerOpen('t1');
    term.type('whoami\r');
    expect(socket.all('terminal:input')).toEqual([
      { terminalId: 't1', data: 'ls' },
      { terminalId: 't1', data: 'whoami\r' },
    ]);
    socket.serverSends('terminal:output', { terminalId: 't1', data: new Uint8Array(10_000) });
    expect(socket.all('terminal:ack')).toEqual([]);
    socket.serverSends('terminal:output', { terminalId: 't1', data: new Uint8Array(7_000).buffer });
    expect(socket.all('terminal:ack')).toEqual([{ terminalId: 't1', bytes: 17_000 }]);
  });

  it('keeps keys typed while offline, says how many, and sends them once the shell is back', () => {
    const { socket, term, statuses, answerOpen } = setup();
    answerOpen('t1');
    socket.connected = false;
    socket.serverSends('disconnect', 'transport close');
    term.type('echo hors-ligne\r');
    expect(statuses.at(-1)).toEqual({ kind: 'offline', held: 16 });
    expect(socket.all('terminal:input')).toEqual([]);
    term.type('x'.repeat(5000)); // past the 4 KiB cap: not kept, and said so
    expect(statuses.at(-1)).toEqual({ kind: 'offline', held: 16, cut: true });
    socket.connected = true;
    socket.serverSends('connect', undefined);
    answerOpen('t1', true);
    expect(socket.all('terminal:input')).toEqual([{ terminalId: 't1', data: 'echo hors-ligne\r' }]);
  });

  it('on exit, tells the learner and reopens on Enter', () => {
    const { socket, term, statuses, answerOpen } = setup();
    answerOpen('t1');
    socket.serverSends('terminal:exit', { terminalId: 't1', code: 0 });
    expect(term.screen).toContain('EXITED');
    expect(statuses.at(-1)).toEqual({ kind: 'exited', code: 0 });
    term.type('x');
    expect(socket.all('terminal:open')).toHaveLength(1);
    term.type('\r');
    expect(socket.all('terminal:open')).toHaveLength(2);
  });

  it('reopens after a reconnect and closes a shell whose open was superseded', () => {
    const { socket, answerOpen } = setup();
    const first = socket.last('terminal:open');
    socket.connected = false;
    socket.serverSends('disconnect', undefined);
    socket.connected = true;
    socket.serverSends('connect', undefined);
    expect(socket.all('terminal:open')).toHaveLength(2);
    first?.ack?.(null, { ok: true, terminalId: 'late', replayed: false });
    expect(socket.all('terminal:close')).toEqual([{ terminalId: 'late' }]);
    answerOpen('t2', true);
    expect(socket.all('terminal:close')).toHaveLength(1);
  });

  it('reports a refused open with the server message', () => {
    const { socket, statuses } = setup();
    socket
      .last('terminal:open')
      ?.ack?.(null, { ok: false, reason: 'lab-not-running', message: 'Lab arrêté.' });
    expect(statuses.at(-1)).toEqual({ kind: 'failed', reason: 'lab-not-running', message: 'Lab arrêté.' });
  });

  it('keeps the params of a refused open, so the terminal can word the reason with them', () => {
    const { socket, statuses } = setup();
    const refusal = { reason: 'too-many-terminals', message: 'Au plus 2…', params: { max: 2 } };
    socket.last('terminal:open')?.ack?.(null, { ok: false, ...refusal });
    expect(statuses.at(-1)).toEqual({ kind: 'failed', ...refusal });
  });

  it('dispose removes every listener it added and detaches its shell (kept on the server)', () => {
    const { socket, term, addon, answerOpen } = setup();
    answerOpen('t1');
    addon.dispose();
    expect([...socket.listeners.values()].every((s) => s.size === 0)).toBe(true);
    expect(term.listenerCount).toBe(0);
    expect(socket.all('terminal:detach')).toEqual([{ terminalId: 't1' }]);
  });
});

/** A Map-backed sessionStorage. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const ID1 = '0123456789abcdef';
const ID2 = 'fedcba9876543210';
const KEY = 'atelier.term.aaaaaaaaaaaaaaaa.-';

describe('SocketAttachAddon across a server restart', () => {
  const reconnect = (socket: FakeSocket) => {
    socket.connected = false;
    socket.serverSends('disconnect', undefined);
    socket.connected = true;
    socket.serverSends('connect', undefined);
  };

  it('asks for the shell it showed (resume) after a reconnect, and keeps it when the server agrees', () => {
    const storage = memoryStorage();
    const { socket, term, answerOpen } = setup(undefined, storage);
    expect(socket.last('terminal:open')?.payload).not.toHaveProperty('resume');
    answerOpen(ID1);
    expect(storage.map.get(KEY)).toBe(ID1);
    reconnect(socket);
    expect(socket.last('terminal:open')?.payload).toEqual({
      labId: 'aaaaaaaaaaaaaaaa',
      cols: 80,
      rows: 24,
      resume: ID1,
    });
    socket.serverSends('terminal:output', { terminalId: ID1, data: bytes('# echo half') });
    answerOpen(ID1, true);
    expect(term.screen).toBe('# echo half');
    term.type(' line\r');
    expect(socket.all('terminal:input')).toEqual([{ terminalId: ID1, data: ' line\r' }]);
  });

  it('resumes from storage in a new page (reload), per lab machine', () => {
    const storage = memoryStorage({ [KEY]: ID1, 'atelier.term.aaaaaaaaaaaaaaaa.db': ID2 });
    expect(setup(undefined, storage).socket.last('terminal:open')?.payload).toMatchObject({ resume: ID1 });
    expect(setup('db', storage).socket.last('terminal:open')?.payload).toMatchObject({
      machine: 'db',
      resume: ID2,
    });
    const junk = memoryStorage({ [KEY]: 'not-an-id' });
    expect(setup(undefined, junk).socket.last('terminal:open')?.payload).not.toHaveProperty('resume');
  });

  it('follows the server when it answers with another shell, and forgets a shell that exited', () => {
    const storage = memoryStorage({ [KEY]: ID1 });
    const { socket, term, answerOpen } = setup(undefined, storage);
    answerOpen(ID2); // the old shell did not survive: a new one
    expect(storage.map.get(KEY)).toBe(ID2);
    socket.serverSends('terminal:exit', { terminalId: ID2, code: 0 });
    expect(storage.map.has(KEY)).toBe(false);
    term.type('\r');
    expect(socket.last('terminal:open')?.payload).not.toHaveProperty('resume');
  });

  it('opens a fresh shell after a lab reset (openFresh)', () => {
    const storage = memoryStorage({ [KEY]: ID1 });
    const { socket, addon, answerOpen } = setup(undefined, storage);
    answerOpen(ID1, true);
    addon.openFresh();
    expect(socket.last('terminal:open')?.payload).not.toHaveProperty('resume');
    expect(storage.map.has(KEY)).toBe(false);
  });

  it('says the server restarts, shows no error meanwhile, and reconnects to the same shell', () => {
    const { socket, statuses, answerOpen } = setup();
    answerOpen(ID1);
    socket.serverSends('server:restarting', {});
    expect(statuses.at(-1)).toEqual({ kind: 'offline', restarting: true });
    // What a server going down may still send: neither ends the session nor shows an error.
    socket.serverSends('terminal:exit', { terminalId: ID1, code: null });
    socket.connected = false;
    socket.serverSends('disconnect', undefined);
    expect(statuses.at(-1)).toEqual({ kind: 'offline', restarting: true });
    socket.connected = true;
    socket.serverSends('connect', undefined);
    expect(statuses.at(-1)).toEqual({ kind: 'connecting' });
    expect(socket.last('terminal:open')?.payload).toMatchObject({ resume: ID1 });
    answerOpen(ID1, true);
    expect(statuses.at(-1)).toEqual({ kind: 'open', terminalId: ID1, replayed: true });
    expect(statuses.some((s) => s.kind === 'failed' || s.kind === 'exited')).toBe(false);
  });

  it('an open refused while the server restarts waits for the next connection', () => {
    const { socket, statuses } = setup();
    socket.serverSends('server:restarting', {});
    socket.last('terminal:open')?.ack?.(null, { ok: false, reason: 'shutting-down', message: '…' });
    expect(statuses.at(-1)).toEqual({ kind: 'offline', restarting: true });
  });

  it('an open that times out while the server is away ends offline, and reopens on connect', () => {
    const { socket, statuses } = setup();
    const first = socket.last('terminal:open');
    socket.connected = false;
    first?.ack?.(new Error('operation has timed out'));
    expect(statuses.at(-1)).toEqual({ kind: 'offline' });
    socket.connected = true;
    socket.serverSends('connect', undefined);
    expect(socket.all('terminal:open')).toHaveLength(2);
  });

  it('retries an open that timed out on a live socket before showing the failure', () => {
    const { socket, statuses } = setup();
    for (let i = 0; i < 2; i++) socket.last('terminal:open')?.ack?.(new Error('operation has timed out'));
    expect(socket.all('terminal:open')).toHaveLength(3);
    expect(statuses.some((s) => s.kind === 'failed')).toBe(false);
    socket.last('terminal:open')?.ack?.(new Error('operation has timed out'));
    expect(statuses.at(-1)).toEqual({ kind: 'failed', reason: 'timeout', message: '' });
  });

  it('a superseded open keeps the remembered shell: detached when the view is gone, never closed', () => {
    const storage = memoryStorage({ [KEY]: ID1 });
    const { socket, addon } = setup(undefined, storage);
    const first = socket.last('terminal:open');
    addon.dispose();
    first?.ack?.(null, { ok: true, terminalId: ID1, replayed: true });
    expect(socket.all('terminal:close')).toEqual([]);
    expect(socket.all('terminal:detach')).toEqual([{ terminalId: ID1 }]);
  });

  it('a superseded resume answered after the newer open (same shell) neither closes nor detaches', () => {
    const storage = memoryStorage({ [KEY]: ID1 });
    const { socket, addon } = setup(undefined, storage);
    const first = socket.last('terminal:open');
    addon.open();
    first?.ack?.(null, { ok: true, terminalId: ID1, replayed: true });
    expect(socket.all('terminal:close')).toEqual([]);
    expect(socket.all('terminal:detach')).toEqual([]);
  });
});
