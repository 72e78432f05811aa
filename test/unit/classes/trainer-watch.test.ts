import { describe, expect, it } from 'vitest';
import { TerminalManager } from '../../../server/realtime/terminal-manager.js';
import type { TerminalClient } from '../../../server/realtime/terminal-session.js';
import { TerminalWatch, type MirrorSink } from '../../../server/realtime/trainer-watch.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const client = (id: string): TerminalClient => ({ id, output: () => undefined, exit: () => undefined });
const tick = () => new Promise((r) => setImmediate(r));

async function setup() {
  const runtime = new FakeRuntime();
  await runtime.ensureLab({ labId: 'lab-a', userId: 'learner', courseId: 'c', image: 'atelier/base' });
  const terminals = new TerminalManager({
    runtime,
    ensureLabRunning: async () => undefined,
    onActivity: () => undefined,
    onOutput: () => undefined,
    maxPerUser: 4,
    graceMs: 1000,
  });
  const banners: { learnerId: string; watching: boolean }[] = [];
  const watch = new TerminalWatch({
    terminals,
    notifyLearner: (learnerId, p) => banners.push({ learnerId, watching: p.watching }),
  });
  const seen: { data: string; reset: boolean }[] = [];
  const sizes: { cols: number; rows: number }[] = [];
  const link = { lagging: false };
  const sink: MirrorSink = {
    socketId: 'trainer-socket',
    output: (_id, data, reset) => seen.push({ data: data.toString(), reset }),
    resize: (_id, size) => sizes.push(size),
    lagging: () => link.lagging,
  };
  return { runtime, terminals, watch, banners, seen, sizes, sink, link };
}

describe('TerminalWatch', () => {
  it('drops output while the trainer lags and repaints once the link drains', async () => {
    const { runtime, terminals, watch, seen, sink, link } = await setup();
    await terminals.open('learner', 'lab-a', { cols: 80, rows: 24 }, client('s1'));
    watch.start('lab-a', 'learner', 'Anna', sink);
    await tick();
    seen.length = 0;
    link.lagging = true;
    const settle = () => new Promise((r) => setTimeout(r, 20)); // past the output coalescing window
    runtime.terminals[0]!.emit('lost-1 ');
    await settle();
    runtime.terminals[0]!.emit('lost-2 ');
    await settle();
    expect(seen).toEqual([]);
    link.lagging = false;
    runtime.terminals[0]!.emit('next');
    await settle();
    expect(seen.at(-1)).toEqual({ data: 'lost-1 lost-2 next', reset: true });
  });

  it('replays the screen, mirrors output and sizes, and never reaches the input', async () => {
    const { runtime, terminals, watch, banners, seen, sizes, sink } = await setup();
    const { terminalId } = await terminals.open('learner', 'lab-a', { cols: 100, rows: 30 }, client('s1'));
    runtime.terminals[0]!.emit('root@lab:~# ');
    const started = watch.start('lab-a', 'learner', 'Anna', sink);
    expect(started).toMatchObject({ cols: 100, rows: 30, live: true });
    await tick();
    expect(seen).toEqual([{ data: 'root@lab:~# ', reset: true }]);
    expect(banners).toEqual([{ learnerId: 'learner', watching: true }]);
    await new Promise((r) => setTimeout(r, 10)); // past the output coalescing window
    runtime.terminals[0]!.emit('ls\r\n');
    expect(seen.at(-1)).toEqual({ data: 'ls\r\n', reset: false });
    await terminals.resize('learner', 's1', terminalId, { cols: 90, rows: 20 });
    expect(sizes.at(-1)).toEqual({ cols: 90, rows: 20 });
    // The watcher is not a client of the session: input from its socket id is refused.
    expect(() => terminals.input('learner', 'trainer-socket', terminalId, 'reboot\r')).toThrow(/inconnu/);
    expect(runtime.terminals[0]!.input).toEqual([]);
    expect(watch.stop(started.watchId, 'someone-else')).toBe(false);
    expect(watch.stop(started.watchId, 'trainer-socket')).toBe(true);
    expect(banners.at(-1)).toEqual({ learnerId: 'learner', watching: false });
    runtime.terminals[0]!.emit('after');
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.at(-1)?.data).toBe('ls\r\n');
  });

  it('waits for a shell, follows a new one, and ends with the trainer’s socket', async () => {
    const { runtime, terminals, watch, banners, seen, sink } = await setup();
    expect(watch.start('lab-a', 'learner', 'Anna', sink).live).toBe(false);
    await tick();
    expect(seen).toEqual([]);
    await terminals.open('learner', 'lab-a', { cols: 80, rows: 24 }, client('s1'));
    expect(seen).toEqual([{ data: '', reset: true }]);
    runtime.terminals[0]!.emit('hello');
    expect(seen.at(-1)).toEqual({ data: 'hello', reset: false });
    await terminals.closeLab('lab-a');
    await terminals.open('learner', 'lab-a', { cols: 80, rows: 24 }, client('s1'));
    runtime.terminals[1]!.emit('fresh');
    expect(seen.at(-1)).toEqual({ data: 'fresh', reset: false });
    expect(watch.count('lab-a')).toBe(1);
    watch.stopSocket('trainer-socket');
    expect(watch.count('lab-a')).toBe(0);
    expect(banners.at(-1)?.watching).toBe(false);
  });
});
