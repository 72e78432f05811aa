import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  baseName,
  foldersOf,
  joinPath,
  normalizeFilePath,
  parentOf,
} from '../../../client/src/lib/file-paths.js';

describe('editor file paths', () => {
  it('tidies typed paths and refuses relative ones', () => {
    expect(normalizeFilePath(' /etc//nginx/sites-available/default ')).toBe(
      '/etc/nginx/sites-available/default',
    );
    expect(normalizeFilePath('/etc/nginx/')).toBe('/etc/nginx');
    expect(normalizeFilePath('/etc/./nginx/../hosts')).toBe('/etc/hosts');
    expect(normalizeFilePath('~/.bashrc')).toBe('/root/.bashrc');
    expect(normalizeFilePath('/')).toBe('/');
    expect(normalizeFilePath('etc/hosts')).toBeUndefined();
  });

  it('joins, splits and walks up paths', () => {
    expect(joinPath('/', 'etc')).toBe('/etc');
    expect(joinPath('/etc', 'hosts')).toBe('/etc/hosts');
    expect(baseName('/etc/hosts')).toBe('hosts');
    expect(baseName('/')).toBe('/');
    expect(parentOf('/etc/hosts')).toBe('/etc');
    expect(parentOf('/etc')).toBe('/');
    expect(ancestorsOf('/etc/nginx')).toEqual(['/', '/etc', '/etc/nginx']);
    expect(ancestorsOf('/')).toEqual(['/']);
  });

  it('gives each folder of the course’s files once, machine by machine', () => {
    const files = [
      { machine: 'web', path: '/etc/nginx/sites-available/jardins' },
      { machine: 'web', path: '/etc/nginx/sites-available/default' },
      { machine: 'app', path: '/etc/nginx/sites-available/default' },
    ];
    expect(foldersOf(files)).toEqual([
      { machine: 'web', path: '/etc/nginx/sites-available' },
      { machine: 'app', path: '/etc/nginx/sites-available' },
    ]);
  });
});
