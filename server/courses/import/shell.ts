// Just enough of bash's syntax to read the one-liners of Killercoda scripts: logical lines, words with their
// quotes removed, and the operators between them. Anything this cannot read is left to a command check.

/** A word of a command line: its text without quotes, and whether it is a plain literal (no expansion). */
export interface Word {
  raw: string;
  value: string;
  literal: boolean;
}

export type Token = { op: string } | { word: Word };

const OPERATORS = ['&&', '||', ';;', '|', ';', '&'];

/** The script's lines with `\`-continuations joined, without blank lines, comments and a shebang. */
export function logicalLines(script: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of script.replace(/\r\n?/g, '\n').split('\n')) {
    const line = pending ? `${pending} ${raw.trim()}` : raw.trim();
    if (/(^|[^\\])\\$/.test(line)) {
      pending = line.slice(0, -1).trimEnd();
      continue;
    }
    pending = '';
    if (line === '' || line.startsWith('#')) continue;
    out.push(line);
  }
  if (pending) out.push(pending);
  return out;
}

/**
 * Splits one logical line into words and operators. Returns undefined for what it does not read
 * (an unterminated quote, a heredoc, a subshell or group, backticks).
 */
export function tokenize(line: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break; // a comment to the end of the line
    const redirect = /^(?:[0-9]*>&[0-9]+|&>>?|[0-9]*>>?|<)/.exec(line.slice(i));
    if (redirect && (c === '>' || c === '<' || c === '&' || /^[0-9]+[<>]/.test(line.slice(i)))) {
      tokens.push({ word: { raw: redirect[0], value: redirect[0], literal: false } });
      i += redirect[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      tokens.push({ op });
      i += op.length;
      continue;
    }
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === '`' || line.startsWith('<<', i))
      return undefined;
    let raw = '';
    let value = '';
    let literal = true;
    while (i < line.length) {
      const d = line[i] ?? '';
      if (d === ' ' || d === '\t' || d === '>' || d === '<' || OPERATORS.some((o) => line.startsWith(o, i)))
        break;
      if (d === '(' || d === ')' || d === '`') return undefined;
      if (d === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) return undefined;
        raw += line.slice(i, end + 1);
        value += line.slice(i + 1, end);
        i = end + 1;
      } else if (d === '"') {
        let j = i + 1;
        let inner = '';
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] ?? '')) {
            inner += line[j + 1];
            j += 2;
            continue;
          }
          if (line[j] === '$' && /[A-Za-z_{(0-9@*#?!-]/.test(line[j + 1] ?? '')) {
            if (line[j + 1] === '(') {
              const close = matchParen(line, j + 1);
              if (close < 0) return undefined;
              inner += line.slice(j, close + 1);
              j = close + 1;
              literal = false;
              continue;
            }
            literal = false;
          }
          if (line[j] === '`') return undefined;
          inner += line[j];
          j++;
        }
        if (j >= line.length) return undefined;
        raw += line.slice(i, j + 1);
        value += inner;
        i = j + 1;
      } else if (d === '\\') {
        raw += line.slice(i, i + 2);
        value += line[i + 1] ?? '';
        i += 2;
      } else if (d === '$' && line[i + 1] === '(') {
        const close = matchParen(line, i + 1);
        if (close < 0) return undefined;
        raw += line.slice(i, close + 1);
        value += line.slice(i, close + 1);
        literal = false;
        i = close + 1;
      } else {
        if (d === '$' || d === '*' || d === '?' || d === '[' || d === '~') literal = false;
        raw += d;
        value += d;
        i++;
      }
    }
    if (['[', '[[', ']', ']]', '!'].includes(raw)) literal = true;
    tokens.push({ word: { raw, value, literal } });
  }
  return tokens;
}

function matchParen(line: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let k = open; k < line.length; k++) {
    const ch = line[k];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return k;
  }
  return -1;
}

/** The text of a command substitution `$(…)` (quoted or not) that is a whole word, else undefined. */
export function substitution(w: Word): string | undefined {
  const m = /^\$\((.*)\)$/s.exec(w.value);
  return m ? (m[1] ?? '').trim() : undefined;
}

const NULL_REDIRECT = /^(?:[12&]?>>?\s*\/dev\/null|2>&1|1>&2|>&2)$/;

/** Words of one simple command, with redirections to /dev/null (and 2>&1) dropped; undefined for others. */
export function commandWords(tokens: Token[]): Word[] | undefined {
  const words: Word[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (!t || 'op' in t) return undefined;
    const raw = t.word.raw;
    if (NULL_REDIRECT.test(raw)) continue;
    if (/^(?:[12]?>>?|&>>?)$/.test(raw)) {
      const next = tokens[k + 1];
      if (next && 'word' in next && next.word.value === '/dev/null') {
        k++;
        continue;
      }
      return undefined;
    }
    if (/^[0-9&]*[<>]/.test(raw)) return undefined;
    words.push(t.word);
  }
  return words;
}

/** Splits tokens on the given operators (top level: the tokenizer refuses groups). */
export function splitOn(tokens: Token[], ops: string[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if ('op' in t && ops.includes(t.op)) parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts;
}
