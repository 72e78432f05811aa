import { describe, expect, it, vi } from 'vitest';
import { TerminalManager } from '../../../server/realtime/terminal-manager.js';
import type { TerminalClient } from '../../../server/realtime/terminal-session.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

function client(id: string) {
  const out: string[] = [];
  const exits: (number | null)[] = [];
  const c: TerminalClient = {
    id,
    output: (_t, d) => out.push(d.toString()),
    exit: (_t, code) => exits.push(code),
  };
  return { c, out, exits };
}

/** `shared`: the runtime of a previous process (its shells live on in the labs). */
async function setup(maxPerUser = 2, shared?: FakeRuntime) {
  const runtime = shared ?? new FakeRuntime();
  if (!shared)
    for (const labId of ['lab-a', 'lab-b', 'lab-c'])
      await runtime.ensureLab({ labId, userId: 'u1', courseId: 'c', image: 'atelier/base' });
  const owner: Record<string, string> = { 'lab-a': 'u1', 'lab-b': 'u1', 'lab-c': 'u1' };
  const onActivity = vi.fn();
  const mgr = new TerminalManager({
    runtime,
    ensureLabRunning: async (userId, labId) => {
      if (owner[labId] !== userId)
        throw Object.assign(new Error('Lab introuvable.'), { reason: 'unknown-lab' });
    },
    onActivity,
    onOutput: () => undefined,
    maxPerUser,
    graceMs: 50,
  });
  return { runtime, mgr, onActivity };
}

describe('TerminalManager', () => {
  it('releases shells at shutdown and a new manager resumes the one the browser names', async () => {
    const { runtime, mgr } = await setup();
    const first = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s1').c);
    const other = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s2').c);
    runtime.terminals[0]!.emit('echo half');
    mgr.releaseAll();
    expect(runtime.terminals.map((t) => [t.released, t.closed])).toEqual([
      [true, false],
      [true, false],
    ]);
    // The next process: same runtime (the shells live in the lab), a fresh manager.
    const { mgr: next } = await setup(2, runtime);
    const tab = client('s3');
    const back = await next.open('u1', 'lab-a', { cols: 80, rows: 24 }, tab.c, undefined, first.terminalId);
    expect(back).toEqual({ terminalId: first.terminalId, replayed: true });
    expect(tab.out.join('')).toBe('echo half');
    // Another user's id, or one this lab never had, gives a new shell.
    const fresh = await next.open(
      'u1',
      'lab-b',
      { cols: 80, rows: 24 },
      client('s4').c,
      undefined,
      other.terminalId,
    );
    expect(fresh.terminalId).not.toBe(other.terminalId);
    expect(fresh.replayed).toBe(false);
  });

  it('prefers the named detached shell over another detached one of the same machine', async () => {
    const { mgr } = await setup(4);
    const a = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s1').c);
    const b = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s2').c);
    mgr.detachClient('s1');
    mgr.detachClient('s2');
    const again = await mgr.open(
      'u1',
      'lab-a',
      { cols: 80, rows: 24 },
      client('s3').c,
      undefined,
      b.terminalId,
    );
    expect(again.terminalId).toBe(b.terminalId);
    const other = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s4').c);
    expect(other.terminalId).toBe(a.terminalId);
  });

  it('reattaches a detached shell and replays its recent output', async () => {
    const { runtime, mgr } = await setup();
    const tab1 = client('s1');
    const { terminalId } = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, tab1.c);
    runtime.terminals[0]!.emit('root@lab:~# ');
    expect(tab1.out.join('')).toBe('root@lab:~# ');
    mgr.detachClient('s1');
    expect(runtime.terminals[0]!.paused).toBe(true);
    const tab2 = client('s2');
    const again = await mgr.open('u1', 'lab-a', { cols: 100, rows: 30 }, tab2.c);
    expect(again).toEqual({ terminalId, replayed: true });
    expect(tab2.out.join('')).toBe('root@lab:~# ');
    expect(runtime.terminals[0]!.paused).toBe(false);
    expect(runtime.terminals[0]!.size).toEqual({ cols: 100, rows: 30 });
  });

  it('only the attached client of the owner can type; input counts as activity', async () => {
    const { runtime, mgr, onActivity } = await setup();
    const { terminalId } = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s1').c);
    expect(() => mgr.input('u2', 's1', terminalId, 'x')).toThrow(/inconnu/);
    expect(() => mgr.input('u1', 's9', terminalId, 'x')).toThrow(/inconnu/);
    mgr.input('u1', 's1', terminalId, 'ls\r');
    expect(runtime.terminals[0]!.input).toEqual(['ls\r']);
    expect(onActivity).toHaveBeenCalledWith('u1', 'lab-a');
  });

  it('caps shells per user, ending a detached one to make room', async () => {
    const { runtime, mgr } = await setup(2);
    await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s1').c);
    await mgr.open('u1', 'lab-b', { cols: 80, rows: 24 }, client('s2').c);
    await expect(mgr.open('u1', 'lab-c', { cols: 80, rows: 24 }, client('s3').c)).rejects.toMatchObject({
      reason: 'too-many-terminals',
    });
    mgr.detachClient('s1');
    await mgr.open('u1', 'lab-c', { cols: 80, rows: 24 }, client('s3').c);
    expect(runtime.terminals[0]!.closed).toBe(true);
    expect(mgr.count('u1')).toBe(2);
  });

  it('ends a detached shell after the grace period and tells clients when a lab closes', async () => {
    const { runtime, mgr } = await setup();
    await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, client('s1').c);
    mgr.detachClient('s1');
    await new Promise((r) => setTimeout(r, 120));
    expect(runtime.terminals[0]!.closed).toBe(true);
    expect(mgr.count()).toBe(0);
    const tab = client('s2');
    await mgr.open('u1', 'lab-b', { cols: 80, rows: 24 }, tab.c);
    await mgr.closeLab('lab-b');
    expect(tab.exits).toEqual([null]);
    expect(mgr.count()).toBe(0);
  });

  it('a view that detaches its shell gets it back on the next open, on the same socket', async () => {
    const { runtime, mgr } = await setup();
    const tab = client('s1');
    const { terminalId } = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, tab.c);
    runtime.terminals[0]!.emit('hello');
    mgr.detach('u1', 's1', terminalId);
    expect(() => mgr.input('u1', 's1', terminalId, 'x')).toThrow(/inconnu/);
    const again = await mgr.open('u1', 'lab-a', { cols: 80, rows: 24 }, tab.c);
    expect(again).toEqual({ terminalId, replayed: true });
    expect(runtime.terminals).toHaveLength(1);
  });
});
