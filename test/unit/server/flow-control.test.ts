import { describe, expect, it, vi } from 'vitest';
import { ACK_EVERY_BYTES } from '../../../server/realtime/events.js';
import { FlowControl } from '../../../server/realtime/flow-control.js';
import { AckCounter } from '../../../client/src/lib/terminal-flow.js';
import { OutputCoalescer } from '../../../server/realtime/output-coalescer.js';
import { RingBuffer } from '../../../server/realtime/ring-buffer.js';

describe('FlowControl', () => {
  it('pauses above the high watermark and resumes below the low one', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 100_000, 40_000);
    fc.sent(60_000);
    fc.sent(40_000);
    expect(src.pause).not.toHaveBeenCalled();
    fc.sent(1);
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.sent(50_000); // already paused: no second pause
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.acked(100_000);
    expect(src.resume).not.toHaveBeenCalled();
    fc.acked(20_000);
    expect(src.resume).toHaveBeenCalledTimes(1);
    expect(fc.isPaused).toBe(false);
  });

  it('ignores acks for bytes never sent (a lying client cannot go negative)', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 100_000, 40_000);
    fc.acked(1_000_000);
    expect(fc.pending).toBe(0);
    fc.sent(150_000);
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.acked(-500);
    expect(fc.pending).toBe(150_000);
  });

  it('reset resumes a paused source', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 40_000, 20_000);
    fc.sent(50_000);
    fc.reset();
    expect(src.resume).toHaveBeenCalledTimes(1);
    expect(fc.pending).toBe(0);
  });

  it('refuses a resume point the client’s ack granularity could never reach', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    expect(() => new FlowControl(src, 100_000, ACK_EVERY_BYTES)).toThrow(RangeError);
    expect(() => new FlowControl(src, 30_000, 40_000)).toThrow(RangeError);
  });

  it('never stalls with the browser client, which acks only in steps of ACK_EVERY_BYTES', () => {
    // Regression: with low = 10 000 a flood could pause with 10–16 KB unacknowledged while the client,
    // holding less than one ack step, never acked again: the terminal froze and Ctrl-C never showed.
    let paused = false;
    const fc = new FlowControl({ pause: () => (paused = true), resume: () => (paused = false) });
    const client = new AckCounter(ACK_EVERY_BYTES);
    for (let round = 0; round < 200; round++) {
      const inbox: number[] = [];
      for (let i = 0; !paused; i++) {
        const chunk = 1000 + (((round + 1) * (i + 1) * 7919) % 4000); // uneven output chunks
        fc.sent(chunk);
        inbox.push(chunk);
      }
      // xterm.js writes chunk by chunk; each write callback may complete an ack step.
      for (const chunk of inbox) {
        const ack = client.written(chunk);
        if (ack) fc.acked(ack);
      }
      expect(paused, `stalled with ${fc.pending} bytes unacknowledged`).toBe(false);
    }
  });
});

describe('OutputCoalescer', () => {
  it('sends the first chunk at once and batches the following ones', async () => {
    const sent: string[] = [];
    const c = new OutputCoalescer((d) => sent.push(d.toString()), 5, 1024);
    c.push(Buffer.from('a'));
    expect(sent).toEqual(['a']);
    c.push(Buffer.from('b'));
    c.push(Buffer.from('c'));
    expect(sent).toEqual(['a']);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual(['a', 'bc']);
    await new Promise((r) => setTimeout(r, 20));
    c.push(Buffer.from('d')); // idle again: leading edge
    expect(sent).toEqual(['a', 'bc', 'd']);
    c.dispose();
  });

  it('flushes a batch that reaches maxBytes', () => {
    const sent: number[] = [];
    const c = new OutputCoalescer((d) => sent.push(d.length), 1000, 10);
    c.push(Buffer.alloc(1));
    c.push(Buffer.alloc(6));
    c.push(Buffer.alloc(6));
    expect(sent).toEqual([1, 12]);
    c.dispose();
  });
});

describe('RingBuffer', () => {
  it('keeps the last capacity bytes', () => {
    const r = new RingBuffer(8);
    r.push(Buffer.from('hello '));
    r.push(Buffer.from('world'));
    expect(r.contents().toString()).toBe('lo world');
    r.push(Buffer.from('0123456789'));
    expect(r.contents().toString()).toBe('23456789');
    expect(r.length).toBe(8);
  });
});
