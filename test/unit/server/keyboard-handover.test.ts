import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyboardHandover, type WatchParty } from '../../../server/realtime/keyboard-handover.js';
import type { KeyboardRequested, KeyboardState } from '../../../server/realtime/keyboard-types.js';
import { AuditRepo } from '../../../server/store/audit-repo.js';
import { openDatabase } from '../../../server/store/database.js';
import type { NewAuditEntry } from '../../../server/store/audit-repo.js';

const watch: WatchParty = {
  watchId: 'w1',
  socketId: 'trainer-socket',
  trainerId: 'trainer',
  trainerName: 'Bob',
  labId: 'lab1',
  learnerId: 'alice',
};

function setup() {
  const audit: NewAuditEntry[] = [];
  const requested: KeyboardRequested[] = [];
  const learner: KeyboardState[] = [];
  const trainer: KeyboardState[] = [];
  const handover = new KeyboardHandover({
    audit: { record: (e) => audit.push(e) },
    requested: (_id, p) => requested.push(p),
    learnerState: (_id, p) => learner.push(p),
    trainerState: (_id, p) => trainer.push(p),
    requestTtlMs: 60_000,
  });
  return { handover, audit, requested, learner, trainer, actions: () => audit.map((a) => a.action) };
}

describe('KeyboardHandover', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('grants the keyboard only once the learner accepts', () => {
    const h = setup();
    const { requestId } = h.handover.request(watch);
    expect(h.requested).toEqual([{ requestId, labId: 'lab1', by: 'Bob' }]);
    expect(() => h.handover.grantOf('w1', 'trainer-socket')).toThrow(
      expect.objectContaining({ reason: 'no-keyboard' }),
    );

    h.handover.answer(requestId, 'alice', true);
    expect(h.handover.grantOf('w1', 'trainer-socket').learnerId).toBe('alice');
    expect(h.learner.at(-1)).toMatchObject({ labId: 'lab1', state: 'granted', by: 'Bob' });
    expect(h.trainer.at(-1)).toMatchObject({ watchId: 'w1', state: 'granted' });
    // Another socket (another tab of the trainer, or anyone) does not hold it.
    expect(() => h.handover.grantOf('w1', 'other')).toThrow(
      expect.objectContaining({ reason: 'no-keyboard' }),
    );
    expect(h.actions()).toEqual(['keyboard.request', 'keyboard.grant']);
    expect(h.audit[1]).toMatchObject({ actorId: 'alice', subjectId: 'alice', labId: 'lab1' });
    expect(h.audit[1]!.detail).toMatchObject({ trainerId: 'trainer', requestId });
  });

  it('only the learner named can answer, once', () => {
    const h = setup();
    const { requestId } = h.handover.request(watch);
    expect(() => h.handover.answer(requestId, 'mallory', true)).toThrow(
      expect.objectContaining({ reason: 'unknown-request' }),
    );
    h.handover.answer(requestId, 'alice', false);
    expect(h.trainer.at(-1)).toMatchObject({ state: 'declined', watchId: 'w1' });
    expect(h.handover.granted('w1')).toBe(false);
    expect(() => h.handover.answer(requestId, 'alice', true)).toThrow(
      expect.objectContaining({ reason: 'unknown-request' }),
    );
    expect(h.actions()).toEqual(['keyboard.request', 'keyboard.decline']);
  });

  it('a request nobody answers expires', () => {
    const h = setup();
    const { requestId } = h.handover.request(watch);
    // A second click while it waits does not ask twice.
    expect(h.handover.request(watch).requestId).toBe(requestId);
    expect(h.requested).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(h.trainer.at(-1)).toMatchObject({ state: 'expired', requestId });
    expect(h.learner.at(-1)).toMatchObject({ state: 'expired', requestId });
    expect(() => h.handover.answer(requestId, 'alice', true)).toThrow(
      expect.objectContaining({ reason: 'unknown-request' }),
    );
    expect(h.actions()).toEqual(['keyboard.request', 'keyboard.expire']);
    expect(h.audit[1]!.actorId).toBeUndefined();
  });

  function granted() {
    const h = setup();
    h.handover.answer(h.handover.request(watch).requestId, 'alice', true);
    return h;
  }

  it('the learner revokes in one step; only their own lab', () => {
    const h = granted();
    expect(h.handover.revoke('lab1', 'mallory')).toBe(0);
    expect(h.handover.granted('w1')).toBe(true);
    expect(h.handover.revoke('lab1', 'alice')).toBe(1);
    expect(h.handover.granted('w1')).toBe(false);
    expect(h.trainer.at(-1)).toMatchObject({ state: 'ended', reason: 'revoked', watchId: 'w1' });
    expect(h.actions().at(-1)).toBe('keyboard.revoke');
    expect(h.audit.at(-1)!.actorId).toBe('alice');
  });

  it('the trainer releases; only from the socket that holds it', () => {
    const h = granted();
    expect(() => h.handover.release('w1', 'other')).toThrow(
      expect.objectContaining({ reason: 'no-keyboard' }),
    );
    h.handover.release('w1', 'trainer-socket');
    expect(h.learner.at(-1)).toMatchObject({ state: 'ended', reason: 'released' });
    expect(h.actions().at(-1)).toBe('keyboard.release');
  });

  it.each([
    ['watch-ended', (h: KeyboardHandover) => h.watchEnded('w1')],
    ['lab-closed', (h: KeyboardHandover) => h.labClosed('lab1')],
    ['not-allowed', (h: KeyboardHandover) => h.notAllowed('w1', 'trainer-socket')],
  ])('the grant ends: %s', (reason, end) => {
    const h = granted();
    end(h.handover);
    expect(h.handover.granted('w1')).toBe(false);
    expect(h.learner.at(-1)).toMatchObject({ state: 'ended', reason });
    expect(h.audit.at(-1)).toMatchObject({
      action: 'keyboard.end',
      detail: expect.objectContaining({ reason }),
    });
  });

  it('a watch that ends withdraws its open request', () => {
    const h = setup();
    const { requestId } = h.handover.request(watch);
    h.handover.watchEnded('w1');
    expect(h.learner.at(-1)).toMatchObject({ state: 'expired', requestId });
    expect(() => h.handover.answer(requestId, 'alice', true)).toThrow(
      expect.objectContaining({ reason: 'unknown-request' }),
    );
    expect(h.handover.pendingFor('alice')).toEqual({ requests: [], grants: [] });
  });

  it('tells a reconnecting learner page what is open', () => {
    const h = setup();
    const { requestId } = h.handover.request(watch);
    h.handover.request({ ...watch, watchId: 'w2', labId: 'lab2', trainerName: 'Chloé' });
    h.handover.answer(requestId, 'alice', true);
    expect(h.handover.pendingFor('alice')).toEqual({
      requests: [{ requestId: expect.any(String), labId: 'lab2', by: 'Chloé' }],
      grants: [{ labId: 'lab1', by: 'Bob' }],
    });
    expect(h.handover.pendingFor('bob')).toEqual({ requests: [], grants: [] });
  });
});

describe('AuditRepo', () => {
  it('records, lists newest first, and prunes past the retention', () => {
    let now = 1_000_000;
    const logged: unknown[] = [];
    const repo = new AuditRepo(
      openDatabase(':memory:'),
      { info: (o: unknown) => logged.push(o) },
      10_000,
      () => now,
    );
    repo.record({ actorId: 'a', action: 'keyboard.request', subjectId: 's', labId: 'l', detail: { x: 1 } });
    now += 5_000;
    repo.record({ action: 'keyboard.expire' });
    expect(repo.list({ limit: 10 }).map((e) => e.action)).toEqual(['keyboard.expire', 'keyboard.request']);
    expect(repo.list({ limit: 10 })[1]).toMatchObject({
      actorId: 'a',
      subjectId: 's',
      labId: 'l',
      detail: { x: 1 },
    });
    expect(repo.list({ limit: 10, since: now })).toHaveLength(1);
    expect(logged).toHaveLength(2);
    now += 8_000;
    expect(repo.prune()).toBe(1);
    expect(repo.list({ limit: 10 }).map((e) => e.action)).toEqual(['keyboard.expire']);
  });
});
