// The remembered shell id of a lab machine: memory first, sessionStorage for reloads, failures tolerated.
import { describe, expect, it } from 'vitest';
import {
  isTerminalId,
  ResumeMemory,
  resumeKey,
  type ResumeStorage,
} from '../../../client/src/lib/terminal-resume.js';

const ID = '0123456789abcdef';

function storage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  const s: ResumeStorage = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
  return { map, s };
}

describe('terminal resume', () => {
  it('keys by lab and machine, `-` for the default machine', () => {
    expect(resumeKey('lab1')).toBe('atelier.term.lab1.-');
    expect(resumeKey('lab1', '')).toBe('atelier.term.lab1.-');
    expect(resumeKey('lab1', 'db')).toBe('atelier.term.lab1.db');
  });

  it('accepts only terminal ids (16 lowercase hex)', () => {
    expect(isTerminalId(ID)).toBe(true);
    for (const v of ['0123456789ABCDEF', '0123456789abcde', `${ID}0`, '', null, 42]) {
      expect(isTerminalId(v)).toBe(false);
    }
  });

  it('reads the stored id, remembers and forgets in memory and storage', () => {
    const { map, s } = storage({ k: ID });
    const m = new ResumeMemory('k', s);
    expect(m.value).toBe(ID);
    m.remember('fedcba9876543210');
    expect([m.value, map.get('k')]).toEqual(['fedcba9876543210', 'fedcba9876543210']);
    m.remember('t1'); // not an id: ignored
    expect(m.value).toBe('fedcba9876543210');
    m.forget();
    expect([m.value, map.has('k')]).toEqual([undefined, false]);
  });

  it('ignores a stored value that is not an id', () => {
    expect(new ResumeMemory('k', storage({ k: '<script>' }).s).value).toBeUndefined();
  });

  it('works in memory when storage throws or is absent', () => {
    const broken: ResumeStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    for (const m of [new ResumeMemory('k', broken), new ResumeMemory('k')]) {
      expect(m.value).toBeUndefined();
      m.remember(ID);
      expect(m.value).toBe(ID);
      m.forget();
      expect(m.value).toBeUndefined();
    }
  });
});
