// Rendering every lesson (Markdown, then sanitizing) is most of what loading the courses costs, and a
// restart in the middle of a class should be back in about a second. Rendered lessons are kept in one JSON
// file beside the database, keyed by a hash of everything the output depends on: the source, the language,
// where assets are served, and the renderer itself (this module's neighbour and the two libraries it uses),
// so an edited lesson or an upgraded renderer is simply a miss.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeptEntries } from './kept-entries.js';
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
  private readonly kept: KeptEntries<RenderedLesson>;
  private readonly salt = rendererFingerprint();

  /** file: where to keep it; without one, nothing is kept (tests, `course:test`). */
  constructor(file?: string) {
    this.kept = new KeptEntries(file, VERSION);
  }

  /** The kept rendering of `source` for these options (inline: a hint, not a lesson), if any. */
  lookup(source: string, opts: RenderOptions, inline = false): RenderedLesson | undefined {
    const hit = this.kept.get(this.key(source, opts, inline));
    return hit && structuredClone(hit);
  }

  store(source: string, opts: RenderOptions, rendered: RenderedLesson, inline = false): void {
    this.kept.set(this.key(source, opts, inline), structuredClone(rendered));
  }

  private key(source: string, opts: RenderOptions, inline: boolean): string {
    return createHash('sha256')
      .update(`${this.salt}\0${inline ? 'inline' : 'block'}\0${opts.lang}\0${opts.assetUrl('')}\0${source}`)
      .digest('hex');
  }

  save(): void {
    this.kept.save();
  }
}
