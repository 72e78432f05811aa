// Which file each lab's editor shows, as trainers watching it hear it (server/realtime/editor-presence.ts).
import { describe, expect, it } from 'vitest';
import { EditorPresence, type ShownFile } from '../../../server/realtime/editor-presence.js';

function presence() {
  const heard: [string, ShownFile | null][] = [];
  return { p: new EditorPresence((labId, file) => heard.push([labId, file])), heard };
}

describe('EditorPresence', () => {
  it('tells each change once, a save with its version, and nothing for the same file again', () => {
    const { p, heard } = presence();
    p.show('lab1', 's1', { machine: 'lab', path: '/etc/hosts' });
    p.show('lab1', 's1', { machine: 'lab', path: '/etc/hosts' });
    p.saved('lab1', 'lab', '/etc/hosts', 'v2');
    p.saved('lab1', 'lab', '/etc/passwd', 'v3'); // not the file shown
    p.show('lab1', 's1', null);
    expect(heard).toEqual([
      ['lab1', { machine: 'lab', path: '/etc/hosts' }],
      ['lab1', { machine: 'lab', path: '/etc/hosts', version: 'v2' }],
      ['lab1', null],
    ]);
    expect(p.of('lab1')).toBeUndefined();
  });

  it('keeps the file another page shows, and forgets a page that went away', () => {
    const { p, heard } = presence();
    p.show('lab1', 's1', { machine: 'web', path: '/a' });
    p.show('lab1', 's2', { machine: 'web', path: '/b' });
    p.show('lab1', 's1', null); // s1 no longer shows anything, s2 still does
    expect(p.of('lab1')).toEqual({ machine: 'web', path: '/b' });
    p.socketGone('s2');
    expect(p.of('lab1')).toBeUndefined();
    expect(heard.at(-1)).toEqual(['lab1', null]);
  });
});
