// A Killercoda step text rewritten as an Atelier lesson (docs/COURSES.md, "Lessons"):
// ```…```{{exec}} → ```bash run (copy + run in terminal), ```…```{{copy}} → ```bash (copy button),
// `x`{{exec}} / `x`{{copy}} / `x`{{}} → `x`. "Solution" sections leave the lesson for the hints and the
// solution script.

export interface ConvertedLesson {
  markdown: string;
  /** Commands the lesson runs ({{exec}} blocks and inline), in order, then the code of its Solution sections. */
  commands: string[];
  /** One hint per Solution section (inline Markdown). */
  hints: string[];
  /** Headings / summaries of the Solution sections taken out. */
  solutionSections: string[];
  /** `{{…}}` placeholders left that Atelier does not know (e.g. traffic ports). */
  placeholders: string[];
}

export interface LessonOptions {
  title?: string;
  /** A relative image reference → its new reference (`images/x.png`), or undefined to drop the image. */
  image?: (ref: string) => string | undefined;
}

const SOLUTION_WORD =
  /\b(?:solutions?|lösung(?:en)?|loesung|solución|solucion|soluzione|solução|oplossing|answers?)\b/i;

const isSolutionTitle = (text: string): boolean => {
  const plain = text
    .replace(/<[^>]+>/g, '')
    .replace(/[*_`#:]/g, '')
    .trim();
  return plain.length <= 60 && SOLUTION_WORD.test(plain);
};

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^`]*?)\s*$/;

interface Section {
  title: string;
  body: string;
}

export function convertLesson(source: string, opts: LessonOptions = {}): ConvertedLesson {
  const text = source.replace(/\r\n?/g, '\n');
  const sections: Section[] = [];
  // <details><summary>Solution</summary> … </details>
  const withoutDetails = text.replace(
    /<details[^>]*>\s*<summary[^>]*>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>\s*/gi,
    (whole, summary: string, body: string) => {
      if (!isSolutionTitle(summary)) return whole;
      sections.push({ title: summary.replace(/<[^>]+>/g, '').trim(), body });
      return '';
    },
  );
  const kept = removeSolutionHeadings(withoutDetails, sections);
  const out: ConvertedLesson = {
    markdown: '',
    commands: [],
    hints: [],
    solutionSections: sections.map((s) => s.title),
    placeholders: [],
  };
  let markdown = convertBlocks(kept, out, opts, true).trim();
  if (opts.title && !/^#\s/.test(markdown)) markdown = `# ${opts.title}\n\n${markdown}`.trim();
  out.markdown = `${markdown}\n`;
  for (const s of sections) {
    const code: string[] = [];
    const prose: string[] = [];
    const scratch: ConvertedLesson = { ...out, commands: code, placeholders: [] };
    const body = convertBlocks(s.body, scratch, opts, false, code);
    for (const line of stripFences(body)) {
      const l = line.replace(/^#+\s*/, '').trim();
      if (l) prose.push(l);
    }
    out.commands.push(...code);
    const cmds = code.map((c) => (c.includes('`') ? `\`\` ${c} \`\`` : `\`${c}\``)).join(', then ');
    const hint = [prose.join(' '), cmds].filter(Boolean).join(' ');
    if (hint) out.hints.push(hint);
  }
  return out;
}

/** Removes `## Solution` sections (to the next heading of the same or a higher level), outside code. */
function removeSolutionHeadings(text: string, sections: Section[]): string {
  const kept: string[] = [];
  let fence = '';
  let inSection: { level: number; section: Section } | undefined;
  for (const line of text.split('\n')) {
    const f = FENCE_OPEN.exec(line);
    if (!fence) {
      const h = /^(#{1,6})\s+(.*)$/.exec(line);
      if (h) {
        const level = (h[1] ?? '').length;
        if (inSection && level <= inSection.level) inSection = undefined;
        if (!inSection && isSolutionTitle(h[2] ?? '')) {
          inSection = { level, section: { title: (h[2] ?? '').trim(), body: '' } };
          sections.push(inSection.section);
          continue;
        }
      }
      if (f) fence = (f[2] ?? '')[0] ?? '';
    } else if (new RegExp(`^\\s*\\${fence}{3,}`).test(line)) fence = '';
    if (inSection) inSection.section.body += `${line}\n`;
    else kept.push(line);
  }
  return kept.join('\n');
}

function stripFences(text: string): string[] {
  const lines: string[] = [];
  let fence = '';
  for (const line of text.split('\n')) {
    if (!fence) {
      const f = FENCE_OPEN.exec(line);
      if (f) fence = (f[2] ?? '')[0] ?? '';
      else lines.push(line);
    } else if (new RegExp(`^\\s*\\${fence}{3,}`).test(line)) fence = '';
  }
  return lines;
}

/**
 * Rewrites fenced blocks and inline markers. In a lesson, `{{exec}}` code is collected into `commands`; in a
 * Solution section (`allCode`), every block is.
 */
function convertBlocks(
  text: string,
  out: ConvertedLesson,
  opts: LessonOptions,
  lesson: boolean,
  allCode?: string[],
): string {
  const lines = text.split('\n');
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE_OPEN.exec(line);
    if (open) {
      const [, indent = '', fence = '```', info = ''] = open;
      const body: string[] = [];
      let j = i + 1;
      let close: RegExpExecArray | null = null;
      const closeRe = new RegExp(`^\\s*(\\${fence[0]}{${fence.length},})\\s*(\\{\\{[^}]*\\}\\})?\\s*$`);
      for (; j < lines.length; j++) {
        close = closeRe.exec(lines[j] ?? '');
        if (close) break;
        body.push(lines[j] ?? '');
      }
      const marker = /\{\{\s*(exec|execute|copy)?/.exec(close?.[2] ?? '')?.[1];
      const lang = info.split(/\s+/)[0] ?? '';
      const shellish = lang === '' || /^(plain|text|bash|sh|shell|console)$/i.test(lang);
      let head = `${indent}${fence}${info}`;
      if (marker === 'exec' || marker === 'execute') head = `${indent}${fence}bash run`;
      else if (marker === 'copy') head = `${indent}${fence}${shellish ? 'bash' : lang}`;
      const code = body.map((b) => b.slice(indent.length)).join('\n');
      if (allCode) allCode.push(...commandLines(code));
      else if (lesson && (marker === 'exec' || marker === 'execute'))
        out.commands.push(...commandLines(code));
      result.push(head, ...body, `${indent}${fence}`);
      i = j;
      continue;
    }
    result.push(inline(line, out, opts, lesson));
  }
  return result.join('\n');
}

const commandLines = (code: string): string[] => {
  const out: string[] = [];
  for (const l of code.split('\n')) {
    if (l.trim() === '') continue;
    out.push(l.replace(/\s+$/, ''));
  }
  return out;
};

function inline(line: string, out: ConvertedLesson, opts: LessonOptions, lesson: boolean): string {
  let l = line.replace(
    /(`+)([^`]+?)\1\{\{\s*(exec|execute|copy)?[^}]*\}\}/g,
    (_m, ticks: string, code, kind) => {
      if (lesson && (kind === 'exec' || kind === 'execute')) out.commands.push(String(code).trim());
      return `${ticks}${code}${ticks}`;
    },
  );
  l = l.replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string, ref: string) => {
    if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) return `[${alt || ref}](${ref})`;
    const to = opts.image?.(ref);
    return to ? `![${alt}](${to})` : alt;
  });
  for (const m of l.matchAll(/\{\{[^}]*\}\}/g)) out.placeholders.push(m[0]);
  return l;
}
