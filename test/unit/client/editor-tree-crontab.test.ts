import { StringStream } from '@codemirror/language';
import { describe, expect, it } from 'vitest';
import { moveInTree, type TreeRow } from '../../../client/src/components/file-tree/tree-keys.js';
import { crontab, systemCrontab } from '../../../client/src/lib/crontab-mode.js';

const rows: TreeRow[] = [
  { path: '/', folder: true, level: 1 },
  { path: '/etc', folder: true, level: 2 },
  { path: '/etc/hosts', folder: false, level: 3 },
  { path: '/root', folder: true, level: 2 },
];
const row = (path: string) => rows.find((r) => r.path === path) as TreeRow;

describe('file tree keys (WAI-ARIA tree)', () => {
  it('moves up and down the items shown, Home and End to the ends', () => {
    expect(moveInTree('ArrowDown', rows, row('/etc'), true)).toEqual({ to: '/etc/hosts' });
    expect(moveInTree('ArrowDown', rows, row('/root'), false)).toEqual({ to: '/root' });
    expect(moveInTree('ArrowUp', rows, row('/'), true)).toEqual({ to: '/' });
    expect(moveInTree('Home', rows, row('/root'), false)).toEqual({ to: '/' });
    expect(moveInTree('End', rows, row('/'), true)).toEqual({ to: '/root' });
  });

  it('opens a closed folder with Right, enters an open one; Left closes it or goes to the parent', () => {
    expect(moveInTree('ArrowRight', rows, row('/root'), false)).toEqual({ toggle: true });
    expect(moveInTree('ArrowRight', rows, row('/etc'), true)).toEqual({ to: '/etc/hosts' });
    expect(moveInTree('ArrowLeft', rows, row('/etc'), true)).toEqual({ toggle: true });
    expect(moveInTree('ArrowLeft', rows, row('/etc/hosts'), false)).toEqual({ to: '/etc' });
    expect(moveInTree('ArrowRight', rows, row('/etc/hosts'), false)).toEqual({});
    expect(moveInTree('a', rows, row('/etc'), true)).toBeUndefined();
  });
});

/** The tokens of one line: [text, style] pairs, spaces left out. */
function tokens(parser: typeof crontab, line: string): [string, string | null][] {
  const state = parser.startState!(2);
  const stream = new StringStream(line, 2, 2);
  const out: [string, string | null][] = [];
  while (!stream.eol()) {
    const style = parser.token(stream, state);
    const text = stream.current();
    if (text.trim()) out.push([text, style]);
    stream.start = stream.pos;
  }
  return out;
}

describe('crontab highlighting', () => {
  it('reads the five time fields, the user of a system crontab, then the command', () => {
    expect(tokens(systemCrontab, '*/5 2 * * mon root /usr/local/bin/backup --all')).toEqual([
      ['*/5', 'number'],
      ['2', 'number'],
      ['*', 'number'],
      ['*', 'number'],
      ['mon', 'number'],
      ['root', 'variableName.special'],
      ['/usr/local/bin/backup --all', 'string'],
    ]);
    expect(tokens(crontab, '@reboot /root/start.sh')).toEqual([
      ['@reboot', 'keyword'],
      ['/root/start.sh', 'string'],
    ]);
  });

  it('knows comments and variables', () => {
    expect(tokens(crontab, '# m h dom mon dow command')).toEqual([['# m h dom mon dow command', 'comment']]);
    expect(tokens(crontab, 'MAILTO=root')).toEqual([
      ['MAILTO', 'variableName'],
      ['=', 'operator'],
      ['root', 'string'],
    ]);
  });
});
