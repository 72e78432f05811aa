// The cull instant of a lab: its idle deadline, never before a trainer's extension.
import { describe, expect, it } from 'vitest';
import { zonedToUtc } from '../../../server/classes/zoned-time.js';
import { cullAtOf, endOfToday, idleDue } from '../../../server/labs/lab-keep-alive.js';

const MIN = 60_000;
const lab = (o: { lastActivityAt: number; keepUntil?: number | null; state?: 'running' | 'stopped' }) => ({
  state: o.state ?? ('running' as const),
  lastActivityAt: o.lastActivityAt,
  keepUntil: o.keepUntil ?? null,
});

describe('cull instant', () => {
  it('is the last activity plus the idle timeout', () => {
    expect(cullAtOf(lab({ lastActivityAt: 1_000 }), 30 * MIN)).toBe(1_000 + 30 * MIN);
  });

  it('waits for a later extension, and ignores an earlier one', () => {
    expect(cullAtOf(lab({ lastActivityAt: 0, keepUntil: 90 * MIN }), 30 * MIN)).toBe(90 * MIN);
    expect(cullAtOf(lab({ lastActivityAt: 60 * MIN, keepUntil: 10 * MIN }), 30 * MIN)).toBe(90 * MIN);
  });

  it('is null without an idle timeout or for a lab that does not run', () => {
    expect(cullAtOf(lab({ lastActivityAt: 0 }), 0)).toBeNull();
    expect(cullAtOf(lab({ lastActivityAt: 0, state: 'stopped' }), 30 * MIN)).toBeNull();
  });

  it('is due from the cull instant on', () => {
    const r = lab({ lastActivityAt: 0, keepUntil: 45 * MIN });
    expect(idleDue(r, 30 * MIN, 31 * MIN)).toBe(false);
    expect(idleDue(r, 30 * MIN, 45 * MIN)).toBe(true);
    expect(idleDue(lab({ lastActivityAt: 0 }), 30 * MIN, 30 * MIN)).toBe(true);
    expect(idleDue(lab({ lastActivityAt: 0 }), 0, 10_000 * MIN)).toBe(false);
  });
});

describe('end of today in a zone', () => {
  it('is midnight on the class’s clocks, not the server’s', () => {
    const now = Date.UTC(2026, 5, 15, 22, 30); // 00:30 on 16 June in Paris, 18:30 on 15 June in New York
    expect(endOfToday('Europe/Paris', now)).toBe(zonedToUtc('2026-06-17', '00:00', 'Europe/Paris') - 1);
    expect(endOfToday('America/New_York', now)).toBe(
      zonedToUtc('2026-06-16', '00:00', 'America/New_York') - 1,
    );
  });
});
