import { en, fr, type MessageKey } from './messages.js';
import type { Lang } from './types.js';

export type { MessageKey };
export const LANGS: readonly Lang[] = ['fr', 'en'];
const STORAGE_KEY = 'atelier.lang';
const catalogs: Record<Lang, Record<MessageKey, string>> = { fr, en };

/** Minimal storage surface so tests can pass a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const isLang = (v: unknown): v is Lang => v === 'fr' || v === 'en';

/** Replaces `{name}` placeholders; unknown ones stay visible so mistakes show. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The language and its listeners; one instance (`i18n`) serves the app. */
export class I18n {
  private current: Lang = 'fr';
  private readonly listeners = new Set<(lang: Lang) => void>();

  constructor(private readonly store?: KeyValueStore) {
    const saved = this.read();
    if (saved) this.current = saved;
  }

  get lang(): Lang {
    return this.current;
  }

  /** True when the learner chose a language earlier (then the server default does not apply). */
  get hasSavedChoice(): boolean {
    return this.read() !== undefined;
  }

  /** Applies the server default unless the learner already chose. */
  applyDefault(lang: Lang): void {
    if (!this.hasSavedChoice && lang !== this.current) this.set(lang, false);
  }

  set(lang: Lang, persist = true): void {
    if (persist) {
      try {
        this.store?.setItem(STORAGE_KEY, lang);
      } catch {
        // private mode or quota: the choice lasts for this page only
      }
    }
    if (lang === this.current) return;
    this.current = lang;
    for (const l of this.listeners) l(lang);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return format(catalogs[this.current][key] ?? fr[key], params);
  }

  subscribe(listener: (lang: Lang) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Lang | undefined {
    try {
      const v = this.store?.getItem(STORAGE_KEY);
      return isLang(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }
}

const browserStore = typeof localStorage === 'undefined' ? undefined : localStorage;
export const i18n = new I18n(browserStore);
export const t = (key: MessageKey, params?: Record<string, string | number>): string => i18n.t(key, params);
