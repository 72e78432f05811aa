import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/database.js';
import { EnginesRepo } from '../../../server/store/engines-repo.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-engines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('EnginesRepo', () => {
  it('keeps each lab’s engine, moves a lab placed again, forgets an unplaced one', () => {
    const repo = new EnginesRepo(openDatabase(':memory:'));
    expect(repo.placements()).toEqual([]);
    repo.place('lab-a', 'local', 1);
    repo.place('lab-b', 'engine-2', 2);
    repo.place('lab-a', 'engine-2', 3);
    expect(repo.placements()).toEqual([
      ['lab-b', 'engine-2'],
      ['lab-a', 'engine-2'],
    ]);
    repo.unplace('lab-b');
    repo.unplace('never-placed');
    expect(repo.placements()).toEqual([['lab-a', 'engine-2']]);
  });

  it('lists only the modes the admin set, the last one winning', () => {
    const repo = new EnginesRepo(openDatabase(':memory:'));
    expect(repo.modes()).toEqual(new Map());
    repo.setMode('engine-2', 'draining');
    repo.setMode('local', 'draining');
    repo.setMode('local', 'active');
    expect(repo.modes()).toEqual(
      new Map([
        ['engine-2', 'draining'],
        ['local', 'active'],
      ]),
    );
  });

  it('refuses a mode outside active and draining (the table’s check)', () => {
    const repo = new EnginesRepo(openDatabase(':memory:'));
    expect(() => repo.setMode('local', 'down' as never)).toThrow(/CHECK/);
  });

  it('shares modes and placements between two connections, as the CLI and the server do', () => {
    const file = path.join(dir, 'shared.db');
    const server = new EnginesRepo(openDatabase(file));
    const cli = new EnginesRepo(openDatabase(file));
    server.place('lab-a', 'local');
    cli.setMode('local', 'draining');
    expect(server.modes().get('local')).toBe('draining');
    expect(cli.placements()).toEqual([['lab-a', 'local']]);
  });
});
