import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../scripts/admin-commands.js';
import { engineTable, setEngineMode } from '../../../scripts/admin-engines.js';
import { openDatabase } from '../../../server/store/database.js';
import { EnginesRepo } from '../../../server/store/engines-repo.js';
import { engineView } from '../../support/fake-engines.js';

describe('admin CLI: engines', () => {
  it('prints one line per engine: state, labs out of capacity, free room, memory, images, since (and why)', () => {
    const since = Date.UTC(2026, 0, 5, 9, 30);
    const lines = engineTable([
      engineView('local', {
        address: 'unix:///var/run/docker.sock',
        since,
        capacity: { labs: 0, memoryBytes: 0 },
        free: { labs: null, memoryBytes: null },
        used: { labs: 7, pooled: 3, memoryBytes: 10 * 2 ** 30 },
      }),
      engineView('engine-2', { since, mode: 'draining', state: 'down', reason: 'connect ECONNREFUSED' }),
    ]).map((l) => l.split('\t'));
    expect(lines).toEqual([
      ['engine', 'address', 'state', 'labs+pool/capacity', 'free', 'memory', 'images', 'since'],
      [
        'local',
        'unix:///var/run/docker.sock',
        'active',
        '7+3',
        '-',
        '10.0 GiB',
        '4/4',
        '2026-01-05T09:30:00.000Z',
      ],
      [
        ...['engine-2', 'tcp://engine-2:2376', 'down (draining)', '3+2/40', '35', '5.0 GiB/24.0 GiB', '4/4'],
        '2026-01-05T09:30:00.000Z (connect ECONNREFUSED)',
      ],
    ]);
  });

  it('drains and reactivates a configured engine in the database, refuses an unknown name', () => {
    const db = openDatabase(':memory:');
    setEngineMode(db, ['local', 'engine-2'], 'engine-2', 'draining');
    expect(new EnginesRepo(db).modes()).toEqual(new Map([['engine-2', 'draining']]));
    setEngineMode(db, ['local', 'engine-2'], 'engine-2', 'active');
    expect(new EnginesRepo(db).modes()).toEqual(new Map([['engine-2', 'active']]));
    expect(() => setEngineMode(db, ['local', 'engine-2'], 'engine-3', 'draining')).toThrow(
      new AdminError('no engine named "engine-3" (configured: local, engine-2)'),
    );
  });
});
