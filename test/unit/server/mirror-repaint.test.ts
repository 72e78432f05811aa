// Issue 17 item 4: a trainer's mirror never silently loses the learner's output. Output dropped while the
// trainer's link lagged is repainted once it drains, even if the shell says nothing more; a watcher added
// while output waits in the coalescer does not see it twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TerminalManager } from '../../../server/realtime/terminal-manager.js';
import type { TerminalClient } from '../../../server/realtime/terminal-session.js';
import { TerminalWatch, type MirrorSink } from '../../../server/realtime/trainer-watch.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const client = (id: string): TerminalClient => ({ id, output: () => undefined, exit: () => undefined });

async function watched() {
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
  const watch = new TerminalWatch({ terminals, notifyLearner: () => undefined });
  const link = { lagging: false };
  /** What the trainer's screen was painted with: everything since the last reset. */
  const screen = { text: '', resets: 0 };
  const sink: MirrorSink = {
    socketId: 'trainer-socket',
    output: (_id, data, reset) => {
      if (reset) screen.resets++;
      screen.text = (reset ? '' : screen.text) + data.toString();
    },
    resize: () => undefined,
    lagging: () => link.lagging,
  };
  await terminals.open('learner', 'lab-a', { cols: 80, rows: 24 }, client('s1'));
  const shell = runtime.terminals[0]!;
  return { shell, watch, sink, link, screen };
}

describe('trainer mirror repaint', () => {
  it('repaints output dropped while the link lagged once it drains, with no further output', async () => {
    const { shell, watch, sink, link, screen } = await watched();
    shell.emit('root@lab:~# ');
    const { watchId } = watch.start('lab-a', 'learner', 'Anna', sink);
    await expect.poll(() => screen.text).toBe('root@lab:~# ');
    link.lagging = true;
    shell.emit('seq 1 3\r\n1\r\n');
    await sleep(20); // past the coalescing window: the rest is a separate send
    shell.emit('2\r\n3\r\nroot@lab:~# ');
    await sleep(20);
    expect(screen.text).toBe('root@lab:~# ');
    link.lagging = false;
    // The shell is quiet now: only the drain brings the last output.
    await expect.poll(() => screen.text).toBe('root@lab:~# seq 1 3\r\n1\r\n2\r\n3\r\nroot@lab:~# ');
    const resets = screen.resets;
    watch.stop(watchId, 'trainer-socket');
    await sleep(250);
    expect(screen.resets).toBe(resets);
  });

  it('keeps waiting while the link still lags, then repaints once', async () => {
    const { shell, watch, sink, link, screen } = await watched();
    watch.start('lab-a', 'learner', 'Anna', sink);
    await expect.poll(() => screen.resets).toBe(1);
    link.lagging = true;
    shell.emit('a');
    await sleep(350);
    expect(screen.resets).toBe(1);
    link.lagging = false;
    await expect.poll(() => screen.text).toBe('a');
    expect(screen.resets).toBe(2);
  });

  it('does not show output twice to a watcher added while the coalescer holds it', async () => {
    const { shell, watch, sink, screen } = await watched();
    shell.emit('x'); // leading edge: sent at once, opens the coalescing window
    shell.emit('y'); // held for the window's end
    watch.start('lab-a', 'learner', 'Anna', sink);
    await expect.poll(() => screen.resets).toBe(1);
    await sleep(30); // past the window: the held 'y' went out
    expect(screen.text).toBe('xy');
  });
});
