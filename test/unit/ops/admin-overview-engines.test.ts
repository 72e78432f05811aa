import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { overview } from '../../../server/observability/admin-routes.js';
import { Metrics } from '../../../server/observability/metrics.js';
import { openDatabase } from '../../../server/store/database.js';
import { fakeFleet } from '../../support/fake-engines.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const deps = () => ({
  db: openDatabase(':memory:'),
  runtime: new FakeRuntime(),
  sources: new Metrics().sources,
  dataDir: os.tmpdir(),
  backupDir: os.tmpdir(),
  labMemoryBytes: 2 ** 30,
  version: 'test',
});

describe('admin overview: engines', () => {
  it('lists the engines when the server has a fleet', async () => {
    const fleet = fakeFleet();
    const got = await overview({ ...deps(), engines: fleet });
    expect(got.engines).toEqual(fleet.status());
    expect(got.engines?.map((e) => [e.name, e.state])).toEqual([
      ['local', 'active'],
      ['engine-2', 'down'],
    ]);
  });

  it('has no engines field without one', async () => {
    expect(await overview(deps())).not.toHaveProperty('engines');
  });
});
