// The trainer's demo without Docker: one room send per chunk whatever the number of watchers, a late
// watcher's screen replayed once (never twice), a lagging watcher dropped from the room and repainted once
// its link drains while the others keep the live stream, and the end announced when the lab closes.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DemoState } from '../../../server/realtime/demo-types.js';
import { TrainerDemo, type DemoSocket } from '../../../server/realtime/trainer-demo.js';
import { TerminalManager } from '../../../server/realtime/terminal-manager.js';
import type { TerminalClient } from '../../../server/realtime/terminal-session.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const client = (id: string): TerminalClient => ({ id, output: () => undefined, exit: () => undefined });

interface FakeWatcher extends DemoSocket {
  lagging: boolean;
  /** What the watcher's screen shows: everything since its last reset. */
  screen: string;
  resets: number;
}

async function demoRig() {
  const runtime = new FakeRuntime();
  await runtime.ensureLab({ labId: 'lab-t', userId: 'trainer', courseId: 'c', image: 'atelier/base' });
  const terminals = new TerminalManager({
    runtime,
    ensureLabRunning: async () => undefined,
    onActivity: () => undefined,
    onOutput: () => undefined,
    maxPerUser: 4,
    graceMs: 1000,
  });
  const rooms = new Map<string, Set<FakeWatcher>>();
  const states: DemoState[] = [];
  let roomSends = 0;
  const paint = (w: FakeWatcher, p: { data: Buffer; reset: boolean }) => {
    if (p.reset) w.resets++;
    w.screen = (p.reset ? '' : w.screen) + p.data.toString();
  };
  const demo = new TrainerDemo({
    terminals,
    toRoom: (room, event, payload) => {
      if (event !== 'demo:output') return;
      roomSends++;
      for (const w of rooms.get(room) ?? []) paint(w, payload as { data: Buffer; reset: boolean });
    },
    announce: (_classId, _trainerId, state) => states.push(state),
    lagging: (s) => (s as FakeWatcher).lagging,
  });
  const watcher = (id: string): FakeWatcher => {
    const w: FakeWatcher = {
      id,
      lagging: false,
      screen: '',
      resets: 0,
      emit: (_event, p) => paint(w, p),
      join: (room) => rooms.set(room, (rooms.get(room) ?? new Set()).add(w)),
      leave: (room) => rooms.get(room)?.delete(w),
    };
    return w;
  };
  await terminals.open('trainer', 'lab-t', { cols: 100, rows: 30 }, client('trainer-socket'));
  const shell = runtime.terminals[0]!;
  const start = () =>
    demo.start({
      classId: 'class-1',
      className: 'Lundi',
      courseIds: ['c'],
      trainerId: 'trainer',
      by: 'Anna',
      labId: 'lab-t',
    });
  return { demo, shell, watcher, states, start, sends: () => roomSends };
}

describe('trainer demo', () => {
  it('sends each chunk once to the room and replays the screen to a late watcher once', async () => {
    const { demo, shell, watcher, states, start, sends } = await demoRig();
    shell.emit('root@lab:~# ');
    const running = start();
    expect(states.at(-1)).toMatchObject({ classId: 'class-1', active: true, by: 'Anna', courseIds: ['c'] });
    expect(running.size).toEqual({ cols: 100, rows: 30 });
    const many = Array.from({ length: 40 }, (_, i) => watcher(`w${i}`));
    for (const w of many) demo.watch('class-1', w, `learner-${w.id}`);
    await expect.poll(() => many.every((w) => w.screen === 'root@lab:~# ')).toBe(true);
    const before = sends();
    shell.emit('e');
    await expect.poll(() => many.every((w) => w.screen === 'root@lab:~# e')).toBe(true);
    expect(sends() - before).toBe(1);

    shell.emit('c'); // leading edge: sent at once
    shell.emit('h'); // held by the coalescer for its window
    const late = watcher('late');
    demo.watch('class-1', late, 'learner-late');
    await sleep(30);
    expect(late.screen).toBe('root@lab:~# ech');
    expect(many[0]!.screen).toBe('root@lab:~# ech');
    expect(late.resets).toBe(1);
    expect(demo.watcherCount(running)).toBe(41);
  });

  it('drops a lagging watcher from the room and repaints it once its link drains', async () => {
    const { demo, shell, watcher, start } = await demoRig();
    start();
    const [slow, fast] = [watcher('slow'), watcher('fast')];
    demo.watch('class-1', slow, 'a');
    demo.watch('class-1', fast, 'b');
    await expect.poll(() => slow.resets + fast.resets).toBe(2);
    slow.lagging = true;
    shell.emit('ls\r\n');
    await sleep(20);
    shell.emit('fichier\r\n');
    await expect.poll(() => fast.screen).toBe('ls\r\nfichier\r\n');
    expect(slow.screen).toBe('');
    slow.lagging = false;
    // The shell is quiet: only the drain brings the screen back.
    await expect.poll(() => slow.screen).toBe('ls\r\nfichier\r\n');
    expect(slow.resets).toBe(2);
    shell.emit('$ ');
    await expect.poll(() => slow.screen).toBe('ls\r\nfichier\r\n$ ');
  });

  it('ends with the trainer’s lab, and a watcher then hears of no demo', async () => {
    const { demo, shell, watcher, states, start } = await demoRig();
    start();
    const w = watcher('w');
    demo.watch('class-1', w, 'a');
    await expect.poll(() => w.resets).toBe(1);
    demo.labClosed('lab-t');
    expect(states.at(-1)).toEqual({ classId: 'class-1', active: false, by: 'Anna' });
    shell.emit('après');
    await sleep(20);
    expect(w.screen).toBe('');
    expect(demo.watch('class-1', watcher('x'), 'b')).toBeUndefined();
  });
});
