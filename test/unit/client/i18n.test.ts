import { describe, expect, it } from 'vitest';
import { format, I18n, type KeyValueStore } from '../../../client/src/lib/i18n.js';
import { en, fr } from '../../../client/src/lib/messages.js';

const memoryStore = (init: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has the same keys and placeholders in French and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, text] of Object.entries(fr)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(en[key as keyof typeof fr]), key).toEqual(placeholders(text));
    }
  });
});

describe('I18n', () => {
  it('formats placeholders and leaves unknown ones visible', () => {
    expect(format('{done} / {total} réussis', { done: 1, total: 3 })).toBe('1 / 3 réussis');
    expect(format('Indice {n}', {})).toBe('Indice {n}');
  });

  it('starts in French, takes the server default, and notifies on change', () => {
    const i18n = new I18n(memoryStore());
    const seen: string[] = [];
    i18n.subscribe((l) => seen.push(l));
    expect(i18n.t('course.check')).toBe('Vérifier');
    i18n.applyDefault('en');
    expect(i18n.t('course.check')).toBe('Check');
    expect(seen).toEqual(['en']);
  });

  it('persists the learner choice, which then wins over the server default', () => {
    const store = memoryStore();
    new I18n(store).set('en');
    expect(store.data.get('atelier.lang')).toBe('en');
    const next = new I18n(store);
    next.applyDefault('fr');
    expect(next.lang).toBe('en');
  });

  it('ignores a corrupt stored value and a throwing storage', () => {
    expect(new I18n(memoryStore({ 'atelier.lang': 'de' })).lang).toBe('fr');
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const i18n = new I18n(broken);
    i18n.set('en');
    expect(i18n.lang).toBe('en');
  });
});
