// Rendering every lesson (Markdown, then sanitizing) is most of what loading the courses costs, and a
// restart in the middle of a class should be back in about a second. Rendered lessons are kept in one JSON
// file beside the database, keyed by a hash of everything the output depends on: the source, the language,
// where assets are served, and the renderer itself (this module's neighbour and the two libraries it uses),
// so an edited lesson or an upgraded renderer is simply a miss.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderedLesson, RenderOptions } from './markdown.js';

const VERSION = 1;

function rendererFingerprint(): string {
  const hash = createHash('sha256').update(String(VERSION));
  const own = fileURLToPath(import.meta.url);
  // The renderer module beside this one, whichever form runs (TypeScript sources or compiled JavaScript).
  for (const ext of ['.ts', '.js']) {
    try {
      hash.update(readFileSync(path.join(path.dirname(own), `markdown${ext}`)));
    } catch {
      // not this form
    }
  }
  const require = createRequire(import.meta.url);
  for (const lib of ['marked', 'sanitize-html']) {
    const main = require.resolve(lib);
    const st = statSync(main);
    hash.update(`${main}:${st.size}:${st.mtimeMs}`);
  }
  return hash.digest('hex');
}

export class LessonCache {
  private readonly entries = new Map<string, RenderedLesson>();
  private readonly used = new Set<string>();
  private readonly salt = rendererFingerprint();
  private changed = false;

  /** file: where to keep it; without one, nothing is kept (tests, `course:test`). */
  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, RenderedLesson>;
      for (const [k, v] of Object.entries(saved)) this.entries.set(k, v);
    } catch {
      // no cache yet, or an unreadable one: render everything
    }
  }

  /** The kept rendering of `source` for these options (inline: a hint, not a lesson), if any. */
  lookup(source: string, opts: RenderOptions, inline = false): RenderedLesson | undefined {
    const key = this.key(source, opts, inline);
    this.used.add(key);
    const hit = this.entries.get(key);
    return hit && structuredClone(hit);
  }

  store(source: string, opts: RenderOptions, rendered: RenderedLesson, inline = false): void {
    const key = this.key(source, opts, inline);
    this.used.add(key);
    this.entries.set(key, structuredClone(rendered));
    this.changed = true;
  }

  private key(source: string, opts: RenderOptions, inline: boolean): string {
    return createHash('sha256')
      .update(`${this.salt}\0${inline ? 'inline' : 'block'}\0${opts.lang}\0${opts.assetUrl('')}\0${source}`)
      .digest('hex');
  }

  /** Writes what this load used (entries of removed or edited lessons go), atomically; errors are ignored. */
  save(): void {
    if (!this.file || (!this.changed && this.used.size === this.entries.size)) return;
    const kept = Object.fromEntries([...this.entries].filter(([k]) => this.used.has(k)));
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(kept));
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // a read-only data folder only costs the next start its rendering time
    }
  }
}
