// Small wording tools for check criteria (criteria.ts): quoting, lists, and what may be shown as is.
import type { Localized } from './localized.js';

/**
 * Text that reads as code or as the grader's own plumbing: a command substitution, a pipe, a redirection,
 * a script, a system program path. A criterion never shows it (the default wording falls back to a
 * generic phrase; an author's label is expected to avoid it too).
 */
const IMPLEMENTATION = /`|\$\(|\$\{|\||&&|;|\s[<>]|>\s|\/usr\/|\/opt\/|\.sh\b|\.py\b|\bexit\b|\n/;

/** Whether a text looks like an implementation detail (see IMPLEMENTATION). */
export function looksLikeImplementation(text: string): boolean {
  return IMPLEMENTATION.test(text);
}

/** A short value that may be quoted in a criterion (no code, one short line). */
export function plain(text: string, max = 60): boolean {
  return text.trim().length > 0 && text.length <= max && !looksLikeImplementation(text);
}

/** « text » in French, "text" in English. */
export function quoted(text: string): Localized {
  return { fr: `« ${text} »`, en: `"${text}"` };
}

/** a, b et c / a, b and c. */
export function listOf(items: readonly Localized[]): Localized {
  const join = (lang: keyof Localized, and: string) => {
    const words = items.map((i) => i[lang]);
    return words.length <= 1
      ? (words[0] ?? '')
      : `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
  };
  return { fr: join('fr', 'et'), en: join('en', 'and') };
}

/** Concatenates localized pieces (and plain strings, the same in both languages). */
export function cat(...parts: (Localized | string)[]): Localized {
  const pick = (lang: keyof Localized) => parts.map((p) => (typeof p === 'string' ? p : p[lang])).join('');
  return { fr: pick('fr'), en: pick('en') };
}

/** A sentence: first letter upper case, unless it opens with an address or a path (`http://…`, `/etc/…`). */
export function sentence(text: Localized): Localized {
  const up = (s: string) => (/^\S*[/:]/.test(s) ? s : s.charAt(0).toUpperCase() + s.slice(1));
  return { fr: up(text.fr), en: up(text.en) };
}
