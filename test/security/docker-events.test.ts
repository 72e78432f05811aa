// The Docker event watcher without Docker: which events reach the learner, which are expected (stops and
// removals through the API), other instances' containers, and no duplicates after a reconnect.
import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DockerLabEvents } from '../../server/sandbox/docker-events.js';
import type { LabEvent } from '../../server/sandbox/sandbox-runtime.js';

const NANO0 = 1_795_000_000_000_000_000n; // beyond Number.MAX_SAFE_INTEGER, like Docker's timeNano

/** A fake engine whose event stream the test writes to; each getEvents() gets a fresh stream. */
function fakeEngine() {
  const streams: PassThrough[] = [];
  const calls: { since?: number }[] = [];
  const docker = {
    // The default machine of a lab created as pool-1 and claimed by lab eeee.
    listContainers: async () => [{ Names: ['/inst-lab-eeee'] }],
    getEvents: async (opts: { since?: number }) => {
      calls.push(opts);
      const s = new PassThrough();
      streams.push(s);
      return s;
    },
  } as unknown as Dockerode;
  let t = NANO0;
  const line = (action: string, name: string, extra: Record<string, string> = {}, nano = (t += 1000n)) =>
    `{"Type":"container","Action":"${action}","Actor":{"ID":"c-${name}","Attributes":${JSON.stringify({ name, ...extra })}},"timeNano":${nano}}\n`;
  return { docker, streams, calls, line };
}

async function watch(engine: ReturnType<typeof fakeEngine>) {
  const events: LabEvent[] = [];
  const watcher = new DockerLabEvents({ docker: engine.docker, prefix: 'inst', memoryBytes: 512 * 2 ** 20 });
  await watcher.start((e) => events.push(e));
  return { events, watcher };
}

describe('DockerLabEvents', () => {
  it('reports OOM kills, unexpected deaths and the restart that follows, for this instance only', async () => {
    const engine = fakeEngine();
    const { events, watcher } = await watch(engine);
    const s = engine.streams[0]!;
    s.write(engine.line('oom', 'inst-lab-aaaa'));
    s.write(engine.line('die', 'inst-lab-aaaa', { exitCode: '137' }));
    // Split across chunks, as a socket may deliver it.
    const start = engine.line('start', 'inst-lab-aaaa');
    s.write(start.slice(0, 20));
    s.write(start.slice(20));
    s.write(engine.line('oom', 'other-lab-bbbb')); // another instance on the same engine
    s.write(engine.line('oom', 'inst-lab-')); // no lab id
    await sleep(10);
    expect(events.map((e) => [e.kind, e.labId, e.state])).toEqual([
      ['oom', 'aaaa', 'running'],
      ['crashed', 'aaaa', 'starting'],
      ['restarted', 'aaaa', 'running'],
    ]);
    expect(events[0]?.message).toContain('512 Mio');
    expect(events[1]?.exitCode).toBe(137);
    watcher.stop();
  });

  it('reports an event of another machine of a lab under the lab, naming the machine', async () => {
    const engine = fakeEngine();
    const { events, watcher } = await watch(engine);
    const labels = { 'atelier.group': 'pool-1', 'atelier.machine': 'db' };
    engine.streams[0]!.write(engine.line('oom', 'inst-mach-pool-1-db', labels));
    await sleep(20);
    expect(events.map((e) => [e.kind, e.labId])).toEqual([['oom', 'eeee']]);
    expect(events[0]?.message).toContain('(machine db)');
    watcher.stop();
  });

  it('stays silent for stops, removals and restarts made through the API', async () => {
    const engine = fakeEngine();
    const { events, watcher } = await watch(engine);
    const s = engine.streams[0]!;
    for (const action of ['kill', 'die', 'start', 'kill', 'die'])
      s.write(engine.line(action, 'inst-lab-cccc'));
    await sleep(10);
    expect(events).toEqual([]);
    watcher.stop();
  });

  it('reconnects after the stream ends and skips events it already saw', async () => {
    const engine = fakeEngine();
    const { events, watcher } = await watch(engine);
    const first = engine.line('oom', 'inst-lab-dddd');
    engine.streams[0]!.write(first);
    await sleep(10);
    engine.streams[0]!.destroy(); // dockerd restarted
    await sleep(1_200); // first retry after 1 s
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]?.since).toBe(Number((NANO0 + 1000n) / 1_000_000_000n));
    engine.streams[1]!.write(first); // replayed by `since`
    engine.streams[1]!.write(engine.line('oom', 'inst-lab-dddd', {}, NANO0 + 1001n)); // 1 ns later: new
    await sleep(10);
    expect(events).toHaveLength(2);
    watcher.stop();
  });
});
