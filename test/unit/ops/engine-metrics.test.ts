import { describe, expect, it } from 'vitest';
import { Metrics, NO_SOURCES as NONE } from '../../../server/observability/metrics.js';
import { engineView } from '../../support/fake-engines.js';

const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('atelier_engine_'));

describe('engine metrics', () => {
  it('gives each engine its health, labs, capacity, free room and drain, labelled by name', async () => {
    const metrics = new Metrics();
    metrics.bind({
      ...NONE,
      engines: () => [
        engineView('local', {
          capacity: { labs: 0, memoryBytes: 0 },
          free: { labs: null, memoryBytes: null },
          used: { labs: 7, pooled: 3, memoryBytes: 0 },
        }),
        engineView('engine-2', { mode: 'draining', state: 'down', reason: 'timeout' }),
      ],
    });
    expect(lines(await metrics.render()).sort()).toEqual(
      [
        'atelier_engine_up{engine="local"} 1',
        'atelier_engine_up{engine="engine-2"} 0',
        'atelier_engine_draining{engine="local"} 0',
        'atelier_engine_draining{engine="engine-2"} 1',
        'atelier_engine_capacity_labs{engine="local"} 0',
        'atelier_engine_capacity_labs{engine="engine-2"} 40',
        // No limit on local: no free figure rather than a made-up one.
        'atelier_engine_free_labs{engine="engine-2"} 35',
        'atelier_engine_labs{engine="local",kind="lab"} 7',
        'atelier_engine_labs{engine="local",kind="pooled"} 3',
        'atelier_engine_labs{engine="engine-2",kind="lab"} 3',
        'atelier_engine_labs{engine="engine-2",kind="pooled"} 2',
      ].sort(),
    );
  });

  it('has no engine series when the sources have no engines', async () => {
    const metrics = new Metrics();
    metrics.bind(NONE);
    expect(lines(await metrics.render())).toEqual([]);
  });
});
