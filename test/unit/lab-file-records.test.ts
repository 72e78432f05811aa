// What the lab's file tool prints, read back (records, listings, exit codes), and which contents the editor
// takes as text; the file domain's refusals with a runtime that answers as the tool would.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors/app-error.js';
import { asText, LabFiles, type LabFilesDeps } from '../../server/labs/lab-files.js';
import { parseListing, parseRecord, refusalOf } from '../../server/sandbox/lab-file-records.js';
import { SandboxError } from '../../server/sandbox/sandbox-runtime.js';
import type { LabRecord } from '../../server/store/labs-repo.js';

const nul = (...fields: string[]) => Buffer.from(fields.map((f) => `${f}\0`).join(''));
const RECORD = ['288', '1500', '1600', 'bob', 'staff', '6', '1796555674.517508235-6-42', '/home/bob/a b'];

describe('the file tool’s output', () => {
  it('reads a record and keeps the bytes after it as the content', () => {
    const out = Buffer.concat([nul(...RECORD), Buffer.from('é\0\n\xff', 'latin1')]);
    const { file, rest } = parseRecord(out);
    expect(file).toEqual({
      mode: 0o440,
      uid: 1500,
      gid: 1600,
      owner: 'bob',
      group: 'staff',
      size: 6,
      version: '1796555674.517508235-6-42',
      realPath: '/home/bob/a b',
    });
    expect([...rest]).toEqual([0xe9, 0, 0x0a, 0xff]);
    expect(parseRecord(Buffer.concat([nul(...RECORD), nul('C')])).rest.toString()).toBe('C\0');
  });

  it('refuses a cut or malformed record', () => {
    expect(() => parseRecord(nul(...RECORD.slice(0, 7)))).toThrow(/truncated/);
    expect(() => parseRecord(nul('-1', ...RECORD.slice(1)))).toThrow(/bad number/);
    expect(() => parseRecord(nul('x', ...RECORD.slice(1)))).toThrow(SandboxError);
  });

  it('reads a listing: types, modes, sizes, what links lead to, and a cut one', () => {
    const out = nul('D', '/etc', 'd', '493', '4096', '', 'nginx', 'l', '511', '7', 'd', 'lien', 'f', '420');
    const cut = Buffer.concat([
      out,
      nul('12', '', 'hosts', 'l', '511', '3', 'm', 'cassé', 'o', '8630', '0', ''),
    ]);
    expect(parseListing(Buffer.concat([cut, nul('null'), nul('T')]))).toEqual({
      path: '/etc',
      truncated: true,
      entries: [
        { name: 'nginx', type: 'directory', mode: 0o755, size: 4096 },
        { name: 'lien', type: 'symlink', mode: 0o777, size: 7, target: 'directory' },
        { name: 'hosts', type: 'file', mode: 0o644, size: 12 },
        { name: 'cassé', type: 'symlink', mode: 0o777, size: 3, target: 'missing' },
        { name: 'null', type: 'other', mode: 0o20666, size: 0 },
      ],
    });
    expect(parseListing(nul('D', '/vide'))).toEqual({ path: '/vide', entries: [], truncated: false });
    expect(() => parseListing(nul('X', '/'))).toThrow(/not a listing/);
    expect(() => parseListing(Buffer.concat([nul('D', '/', 'f', '420'), Buffer.from('1')]))).toThrow(
      /truncated/,
    );
  });

  it('names each exit code after its refusal; a failed write says why', () => {
    const reasons = [0, 2, 3, 4, 5, 6, 7, 8, 9].map((code) => refusalOf(code, '/x', '')?.reason);
    expect(reasons).toEqual([
      undefined,
      'no-such-file',
      'no-such-directory',
      'is-a-directory',
      'not-a-regular-file',
      'file-too-big',
      'file-changed',
      'file-exists',
      'not-a-directory',
    ]);
    const full = refusalOf(10, '/tmp/x', 'No space left on device\nsecond line\n');
    expect(full).toMatchObject({ reason: 'file-write-failed', message: 'No space left on device' });
    expect(refusalOf(10, '/x', '')?.message).toBe('write failed');
    // A lab made before the tool existed has none: the engine answers 126 or 127.
    expect(refusalOf(127, '/x', 'exec: "/.atelier/atelier-file": not found')?.reason).toBe('lab-too-old');
    expect(refusalOf(126, '/x', '')?.reason).toBe('lab-too-old');
    const killed = refusalOf(137, '/x', 'Killed');
    expect(killed).toMatchObject({
      reason: 'sandbox-error',
      message: expect.stringMatching(/exit 137\) Killed/),
    });
  });
});

describe('text the editor takes', () => {
  it('takes UTF-8 without NUL, byte for byte', () => {
    expect(asText(Buffer.from('server { listen 80; } # été\n'))).toBe('server { listen 80; } # été\n');
    expect(asText(Buffer.alloc(0))).toBe('');
    const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x61]);
    expect(Buffer.from(asText(bom)!)).toEqual(bom);
  });

  it('refuses NUL bytes, invalid UTF-8 and a cut character', () => {
    expect(asText(Buffer.from('a\0b'))).toBeUndefined();
    expect(asText(Buffer.from([0x41, 0xff, 0x42]))).toBeUndefined();
    expect(asText(Buffer.from('é').subarray(0, 1))).toBeUndefined();
    expect(asText(Buffer.from('caf\xe9', 'latin1'))).toBeUndefined();
  });
});

describe('the file domain', () => {
  const lab = { id: 'l1', userId: 'u1', courseId: 'c', state: 'running' } as LabRecord;
  const files = (runtime: Partial<LabFilesDeps['runtime']>, rec = lab) =>
    new LabFiles({
      runtime: runtime as LabFilesDeps['runtime'],
      owned: (userId) => {
        if (userId !== rec.userId) throw new AppError('unknown-lab', 'Lab introuvable.');
        return rec;
      },
      watchable: () => undefined,
      machinesOf: () => ['web', 'app'],
      onSaved: () => undefined,
    });
  const reasonOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: AppError) => `${e.reason} ${JSON.stringify(e.params)}`,
    );

  it('gives the machine’s words as detail when a write fails, and the limit when a file is too big', async () => {
    const failing = files({
      saveFile: () => Promise.reject(new SandboxError('file-write-failed', 'No space left on device')),
      openFile: () => Promise.reject(new SandboxError('file-too-big', '/x: file too big')),
    });
    const save = failing.save('u1', 'l1', { path: '/x', content: Buffer.from('a'), expect: 'any' });
    expect(await reasonOf(save)).toBe('file-write-failed {"detail":"No space left on device"}');
    expect(await reasonOf(failing.open('u1', 'l1', { path: '/x' }))).toBe('file-too-big {"max":"1 Mio"}');
  });

  it('refuses binary content, unknown machines, other users and stopped labs before the runtime', async () => {
    const none = files({});
    const binary = none.save('u1', 'l1', { path: '/x', content: Buffer.from([0]), expect: 'any' });
    expect(await reasonOf(binary)).toMatch(/^binary-file/);
    expect(await reasonOf(none.list('u1', 'l1', { path: '/', machine: 'nope' }))).toMatch(/^unknown-machine/);
    expect(await reasonOf(none.open('u2', 'l1', { path: '/x' }))).toMatch(/^unknown-lab/);
    const stopped = files({}, { ...lab, state: 'stopped' });
    expect(await reasonOf(stopped.open('u1', 'l1', { path: '/x' }))).toMatch(/^lab-not-running/);
  });
});
