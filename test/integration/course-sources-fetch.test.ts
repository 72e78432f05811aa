// Fetching a course source with the system git and from a folder, without a server nor a lab: a tag, a
// symlink that must not reach the host's files, a folder copied with a version hash, what is refused.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from '../support/git.js';
import { loadCourses } from '../../server/courses/course-registry.js';
import { coursesRootOf, fetchSource, sourceKindOf } from '../../server/courses/sources/source-fetch.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/course-library');
const EXERCISES = path.resolve(import.meta.dirname, '../../exercises');
const root = mkdtempSync(path.join(os.tmpdir(), 'course-sources-fetch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A work tree (holding the fixture library under courses/) pushed to a bare repository. */
function repository(name: string): { work: string; bare: string } {
  const work = path.join(root, `${name}-work`);
  const bare = path.join(root, `${name}.git`);
  git(root, 'init', '--quiet', '--bare', bare);
  git(root, 'init', '--quiet', work);
  git(work, 'remote', 'add', 'origin', bare);
  cpSync(FIXTURE, path.join(work, 'courses'), { recursive: true });
  writeFileSync(path.join(work, 'README.md'), 'A course library.\n');
  return { work, bare };
}

const push = (work: string, message: string) => {
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', message);
  git(work, 'push', '--quiet', '--tags', 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
};

describe('fetching a course source', () => {
  it('fetches a tag, not the branch head, and finds the courses under courses/', async () => {
    const { work, bare } = repository('tagged');
    const tagged = push(work, 'v1');
    git(work, 'tag', 'v1');
    writeFileSync(path.join(work, 'courses/lib-notes/lessons/note.en.md'), '# Changed\n');
    push(work, 'v2');
    expect(sourceKindOf(bare, 'v1')).toBe('git');
    const got = await fetchSource({ kind: 'git', url: bare, ref: 'v1' }, path.join(root, 'out-tagged'));
    expect(got.version).toBe(tagged);
    expect(existsSync(path.join(got.dir, '.git'))).toBe(false);
    expect(readFileSync(path.join(got.dir, 'courses/lib-notes/lessons/note.en.md'), 'utf8')).toContain(
      'Write a note',
    );
    const registry = await loadCourses(coursesRootOf(got.dir), { exercisesDir: EXERCISES, modules: false });
    expect(registry.errors).toEqual([]);
    expect(registry.list('en').map((c) => c.id)).toEqual(['lib-notes']);
    // The same version again: the checkout is reused.
    const again = await fetchSource(
      { kind: 'git', url: `file://${bare}`, ref: 'v1' },
      path.join(root, 'out-tagged'),
    );
    expect(again).toEqual(got);
  });

  it('checks a committed symlink out as a plain file: a lesson never reads the host', async () => {
    const { work, bare } = repository('symlink');
    const lesson = path.join(work, 'courses/lib-notes/lessons/note.en.md');
    rmSync(lesson);
    symlinkSync('/etc/hostname', lesson);
    push(work, 'a symlink to a host file');
    const got = await fetchSource({ kind: 'git', url: bare, ref: null }, path.join(root, 'out-symlink'));
    const checkedOut = path.join(got.dir, 'courses/lib-notes/lessons/note.en.md');
    expect(readFileSync(checkedOut, 'utf8')).toBe('/etc/hostname');
  });

  it('copies a folder (symlinks refused) with a version that changes with its files', async () => {
    const folder = path.join(root, 'folder');
    cpSync(FIXTURE, folder, { recursive: true });
    expect(sourceKindOf(folder, null)).toBe('folder');
    expect(() => sourceKindOf(folder, 'main')).toThrow(/no branch or tag/);
    const out = path.join(root, 'out-folder');
    const first = await fetchSource({ kind: 'folder', url: folder, ref: null }, out);
    expect(first.version).toMatch(/^sha256-[0-9a-f]{40}$/);
    expect(readFileSync(path.join(first.dir, 'lib-notes/course.yaml'), 'utf8')).toContain('id: lib-notes');
    // A folder that is no course (no manifest, no lessons) is not one; one with lessons but no manifest is refused.
    mkdirSync(path.join(folder, 'docs'));
    writeFileSync(path.join(folder, 'docs/guide.md'), '# Guide\n');
    mkdirSync(path.join(folder, 'brouillon/lessons'), { recursive: true });
    const withDocs = await loadCourses(folder, {
      exercisesDir: EXERCISES,
      modules: false,
      displayRoot: folder,
    });
    expect(withDocs.list('en').map((c) => c.id)).toEqual(['lib-notes']);
    expect(withDocs.errors).toEqual([
      expect.objectContaining({
        file: 'brouillon/course.yaml',
        message: expect.stringContaining('missing course.yaml'),
      }),
    ]);
    rmSync(path.join(folder, 'brouillon'), { recursive: true });
    writeFileSync(path.join(folder, 'lib-notes/lessons/note.fr.md'), '# Changée\n');
    const second = await fetchSource({ kind: 'folder', url: folder, ref: null }, out);
    expect(second.version).not.toBe(first.version);
    symlinkSync('/etc/hostname', path.join(folder, 'lib-notes/lessons/extra.md'));
    await expect(fetchSource({ kind: 'folder', url: folder, ref: null }, out)).rejects.toMatchObject({
      file: 'lib-notes/lessons/extra.md',
    });
  });

  it('refuses what is not a source', () => {
    expect(() => sourceKindOf('relative/path', null)).toThrow(/absolute path/);
    expect(() => sourceKindOf('http://example.org/lib.git', null)).toThrow(/https/);
    expect(() => sourceKindOf('ext::sh -c id', null)).toThrow();
    expect(() => sourceKindOf(path.join(root, 'nothing-here'), null)).toThrow(/no folder/);
    expect(() => sourceKindOf('https://example.org/lib.git', '--upload-pack=id')).toThrow(/branch or tag/);
    expect(() => sourceKindOf('https://example.org/lib.git', 'a..b')).toThrow(/branch or tag/);
  });
});
