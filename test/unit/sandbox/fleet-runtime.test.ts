import { describe, expect, it } from 'vitest';
import type { EngineConfig, EngineMode, EngineStore } from '../../../server/sandbox/engine-types.js';
import { FleetRuntime, type FleetMember } from '../../../server/sandbox/fleet-runtime.js';
import type { ImageStatus, LabEvent } from '../../../server/sandbox/sandbox-runtime.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const GiB = 2 ** 30;

function member(name: string, capacity = { labs: 0, memoryBytes: 0 }, ready = true) {
  const runtime = new FakeRuntime();
  const config: EngineConfig = { name, url: `tcp://${name}:2376`, capacity, mode: 'active' };
  const images = {
    ready,
    status: (): ImageStatus => (images.ready ? { state: 'ready' } : { state: 'queued', position: 1 }),
    counts: () => ({ ready: images.ready ? 3 : 0, total: 3 }),
  };
  const m: FleetMember & { runtime: FakeRuntime; images: typeof images } = {
    config,
    address: config.url,
    runtime,
    images,
    events: { start: async () => undefined, stop: () => undefined },
  };
  return m;
}

function store(): EngineStore & { rows: Map<string, string>; modeRows: Map<string, EngineMode> } {
  const rows = new Map<string, string>();
  const modeRows = new Map<string, EngineMode>();
  return {
    rows,
    modeRows,
    placements: () => [...rows],
    place: (l, e) => void rows.set(l, e),
    unplace: (l) => void rows.delete(l),
    modes: () => new Map(modeRows),
    setMode: (n, m) => void modeRows.set(n, m),
  };
}

const spec = (labId: string) => ({ labId, userId: 'u', courseId: 'c', image: 'atelier/base' });

function fleetOf(...members: ReturnType<typeof member>[]) {
  const events: LabEvent[] = [];
  const fleet = new FleetRuntime(members, { labMemoryBytes: GiB, envOf: (i) => i.split('/')[1]! });
  void fleet.events.start((e) => events.push(e));
  return { fleet, events };
}

/** An engine whose connection is refused: down at the first ping. */
function kill(m: ReturnType<typeof member>) {
  m.runtime.ping = async () => ({ ok: false, message: 'connect ECONNREFUSED 10.0.0.2:2376' });
}

describe('FleetRuntime', () => {
  it('spreads new labs over the engines by free capacity and routes each lab to its engine', async () => {
    const a = member('a', { labs: 4, memoryBytes: 0 });
    const b = member('b', { labs: 2, memoryBytes: 0 });
    const { fleet } = fleetOf(a, b);
    for (const id of ['l1', 'l2', 'l3', 'l4', 'l5']) await fleet.ensureLab(spec(id));
    expect([...a.runtime.labs.keys()].length).toBe(3);
    expect([...b.runtime.labs.keys()].length).toBe(2);
    await fleet.exec('l2', ['true']);
    const on = fleet.engineOf('l2')!;
    const holder = on === 'a' ? a : b;
    expect(holder.runtime.calls.some((c) => c.method === 'exec' && c.labId === 'l2')).toBe(true);
    await fleet.ensureLab(spec('l6'));
    await expect(fleet.ensureLab(spec('l7'))).rejects.toMatchObject({ reason: 'no-engine' });
    const views = fleet.status();
    expect(views.map((v) => [v.name, v.used.labs, v.free.labs])).toEqual([
      ['a', 4, 0],
      ['b', 2, 0],
    ]);
  });

  it('weighs a lab by its machines against memory capacity; a stopped lab frees its share', async () => {
    const a = member('a', { labs: 0, memoryBytes: 3 * GiB });
    const { fleet } = fleetOf(a);
    const machines = [
      { name: 'web', image: 'atelier/base' },
      { name: 'db', image: 'atelier/base' },
    ];
    await fleet.ensureLab({ ...spec('l1'), machines });
    await expect(fleet.ensureLab({ ...spec('l2'), machines })).rejects.toMatchObject({ reason: 'no-engine' });
    await fleet.stop('l1');
    await fleet.ensureLab({ ...spec('l2'), machines });
    expect(fleet.status()[0]!.used.memoryBytes).toBe(2 * GiB);
  });

  it('skips draining engines and engines whose images are not ready; the mode is stored', async () => {
    const a = member('a');
    const b = member('b', undefined, false);
    const { fleet } = fleetOf(a, b);
    const s = store();
    fleet.attach(s);
    await fleet.ensureLab(spec('l1'));
    expect(fleet.engineOf('l1')).toBe('a');
    b.images.ready = true;
    fleet.setMode('a', 'draining');
    expect(s.modeRows.get('a')).toBe('draining');
    await fleet.ensureLab(spec('l2'));
    expect(fleet.engineOf('l2')).toBe('b');
    // A running lab on a draining engine keeps working.
    await fleet.exec('l1', ['true']);
    expect(s.rows.get('l2')).toBe('b');
    expect(() => fleet.setMode('zz', 'active')).toThrow(/no engine named zz/);
  });

  it('an engine that stops answering: its learners are told, its labs answer engine-down, new labs go elsewhere', async () => {
    const a = member('a');
    const b = member('b');
    const { fleet, events } = fleetOf(a, b);
    await fleet.ensureLab(spec('l1'));
    await fleet.ensureLab(spec('l2'));
    const onB = fleet.engineOf('l1') === 'b' ? 'l1' : 'l2';
    kill(b);
    await fleet.refresh();
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'unavailable',
        labId: onB,
        state: 'unavailable',
        reason: 'engine-down',
      }),
    ]);
    expect(events[0]!.message).toMatch(/Machine indisponible .*« b ».*ECONNREFUSED/);
    await expect(fleet.exec(onB, ['true'])).rejects.toMatchObject({ reason: 'engine-down' });
    await fleet.ensureLab(spec('l3'));
    expect(fleet.engineOf('l3')).toBe('a');
    expect(fleet.status().find((v) => v.name === 'b')).toMatchObject({ state: 'down' });
    // Its labs are still listed (stopped): a restart does not take them for lost.
    expect(await fleet.list()).toContainEqual({ labId: onB, state: 'stopped' });
  });

  it('back up: running labs are adopted again, a wiped engine reports its labs lost', async () => {
    const a = member('a');
    const b = member('b');
    const { fleet, events } = fleetOf(a, b);
    fleet.setMode('a', 'draining');
    await fleet.ensureLab(spec('l1'));
    await fleet.ensureLab(spec('l2'));
    const ping = b.runtime.ping.bind(b.runtime);
    kill(b);
    await fleet.refresh();
    b.runtime.labs.delete('l2'); // wiped meanwhile
    b.runtime.ping = ping;
    await fleet.refresh();
    await waitUntil(() => events.length === 4);
    expect(events.slice(2)).toEqual([
      expect.objectContaining({ kind: 'back', labId: 'l1', state: 'running', reason: 'engine-back' }),
      expect.objectContaining({ kind: 'lost', labId: 'l2', state: 'removed', reason: 'lost' }),
    ]);
    expect(fleet.engineOf('l2')).toBeUndefined();
  });

  it('a lab removed while its engine is down is let go of, and its containers go when it answers', async () => {
    const a = member('a');
    const b = member('b');
    const { fleet } = fleetOf(a, b);
    fleet.setMode('a', 'draining');
    await fleet.ensureLab(spec('l1'));
    fleet.setMode('a', 'active');
    const ping = b.runtime.ping.bind(b.runtime);
    kill(b);
    await fleet.refresh();
    await fleet.remove('l1'); // a reset: the learner gets a new machine elsewhere
    await fleet.ensureLab(spec('l1'));
    expect(fleet.engineOf('l1')).toBe('a');
    b.runtime.ping = ping;
    await fleet.refresh();
    await waitUntil(() => !b.runtime.labs.has('l1'));
    expect(a.runtime.labs.has('l1')).toBe(true);
  });

  it('finds a lab made by an earlier process, and a pool lab on a draining engine is not handed out', async () => {
    const a = member('a');
    const b = member('b');
    await b.runtime.ensureLab(spec('old'));
    const { fleet } = fleetOf(a, b);
    expect((await fleet.poll('old')).state).toBe('running');
    expect(fleet.engineOf('old')).toBe('b');
    await fleet.createPooled({ poolId: 'p1', courseId: 'c', image: 'atelier/base' });
    const on = fleet.engineOf('p1')!;
    fleet.setMode(on, 'draining');
    await expect(fleet.claim('p1', 'l9')).rejects.toMatchObject({ reason: 'lab-not-running' });
    fleet.setMode(on, 'active');
    await fleet.claim('p1', 'l9');
    expect(fleet.engineOf('l9')).toBe(on);
    expect(fleet.engineOf('p1')).toBeUndefined();
  });
});

async function waitUntil(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
}
