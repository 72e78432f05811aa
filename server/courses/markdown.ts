import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Lang } from './course-registry.js';
import { isSafeAssetRef } from './asset-path.js';

/** Labels the server writes into the HTML; the client only wires the buttons (docs/COURSES.md). */
const LABELS = {
  fr: {
    copy: 'Copier',
    run: 'Exécuter dans le terminal',
    note: 'Note',
    tip: 'Astuce',
    important: 'Important',
    warning: 'Attention',
    caution: 'Prudence',
  },
  en: {
    copy: 'Copy',
    run: 'Run in terminal',
    note: 'Note',
    tip: 'Tip',
    important: 'Important',
    warning: 'Warning',
    caution: 'Caution',
  },
};
const ADMONITION = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i;

export interface RenderOptions {
  lang: Lang;
  /** Public URL of a course asset (already checked safe), e.g. `/api/courses/x/assets/images/a.png`. */
  assetUrl: (relPath: string) => string;
}

export interface RenderedLesson {
  html: string;
  /** Relative image references found (so the loader can check they exist). */
  images: string[];
  /** Image references refused (absolute URL, traversal, not under images/). */
  refusedImages: string[];
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function makeMarked(opts: RenderOptions, out: RenderedLesson): Marked {
  const t = LABELS[opts.lang];
  return new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }: Tokens.Code): string {
        const words = (lang ?? '').trim().split(/\s+/);
        const language = /^[a-z0-9+-]{1,20}$/i.test(words[0] ?? '') ? (words[0] ?? '').toLowerCase() : '';
        const run = words.includes('run');
        const cls = language ? ` class="language-${language}"` : '';
        const buttons = `<button type="button" class="code-copy" data-action="copy">${t.copy}</button>${
          run ? `<button type="button" class="code-run" data-action="run">${t.run}</button>` : ''
        }`;
        const attrs = `data-copy${run ? ' data-run' : ''}${language ? ` data-lang="${language}"` : ''}`;
        return `<div class="code-block"><pre ${attrs}><code${cls}>${escape(text.replace(/\n$/, ''))}</code></pre><div class="code-actions">${buttons}</div></div>\n`;
      },
      blockquote({ tokens }: Tokens.Blockquote): string | false {
        const first = tokens[0];
        const m = first?.type === 'paragraph' ? ADMONITION.exec(first.raw) : null;
        if (!m?.[1] || first?.type !== 'paragraph') return false;
        const kind = m[1].toLowerCase() as 'note' | 'tip' | 'important' | 'warning' | 'caution';
        const rest = this.parser
          .parseInline(first.tokens ?? [])
          .replace(ADMONITION, '')
          .trim();
        const head = rest ? `<p>${rest}</p>` : '';
        const body = this.parser.parse(tokens.slice(1));
        return `<aside class="admonition admonition-${kind}" data-kind="${kind}"><p class="admonition-title">${t[kind]}</p>${head}${body}</aside>\n`;
      },
      image({ href, text }: Tokens.Image): string {
        if (!isSafeAssetRef(href)) {
          out.refusedImages.push(href);
          return escape(text);
        }
        out.images.push(decodeURIComponent(href));
        return `<img src="${escape(opts.assetUrl(href))}" alt="${escape(text)}" loading="lazy">`;
      },
    },
  });
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'iframe'),
    'img',
    'button',
    'details',
    'summary',
    'del',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'loading'],
    code: ['class'],
    pre: ['data-copy', 'data-run', 'data-lang'],
    div: ['class'],
    aside: ['class', 'data-kind'],
    p: ['class'],
    button: ['type', 'class', 'data-action'],
    input: ['type', 'checked', 'disabled'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: {
    code: [/^language-[a-z0-9+-]+$/],
    div: ['code-block', 'code-actions'],
    aside: ['admonition', /^admonition-[a-z]+$/],
    p: ['admonition-title'],
    button: ['code-copy', 'code-run'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^(https?:)?\/\//i.test(attribs.href ?? '');
      return {
        tagName,
        attribs: external ? { ...attribs, rel: 'noopener noreferrer', target: '_blank' } : attribs,
      };
    },
    input: (tagName, attribs) => ({
      tagName,
      attribs: attribs.type === 'checkbox' ? { ...attribs, disabled: '' } : {},
    }),
  },
};
SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'title', 'rel', 'target'] };

/** Renders a lesson to sanitized HTML: no script, no event handler, no javascript: URL. */
export function renderMarkdown(markdown: string, opts: RenderOptions): RenderedLesson {
  const out: RenderedLesson = { html: '', images: [], refusedImages: [] };
  const raw = makeMarked(opts, out).parse(markdown, { async: false });
  out.html = sanitizeHtml(raw, SANITIZE);
  return out;
}

/** Sanitizes a short inline text (hints) written in Markdown. */
export function renderInline(markdown: string): string {
  const raw = new Marked({ gfm: true }).parseInline(markdown, { async: false });
  return sanitizeHtml(raw, {
    allowedTags: ['code', 'em', 'strong', 'kbd', 'a'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https'],
  });
}
