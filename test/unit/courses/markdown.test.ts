import { describe, expect, it } from 'vitest';
import { isSafeAssetRef } from '../../../server/courses/asset-path.js';
import { renderMarkdown } from '../../../server/courses/markdown.js';

const render = (md: string, lang: 'fr' | 'en' = 'fr') =>
  renderMarkdown(md, { lang, assetUrl: (p) => `/api/courses/c/assets/${p}` });

describe('lesson Markdown', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const { html } = render(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
        '[lien](javascript:alert(1)) [data](data:text/html,hi)',
        '<iframe src="https://evil.example"></iframe><style>body{}</style>',
        '<div style="position:fixed" class="evil">y</div>',
        '<svg><script>alert(1)</script></svg>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(
      /<script|onerror|onclick|javascript:|<iframe|<style|style=|class="evil"|data:text/i,
    );
  });

  it('marks code blocks for copy, and `bash run` blocks for the terminal, with localized buttons', () => {
    const fr = render('```bash run\nls -l\necho "<b>"\n```\n\n```\nsortie\n```').html;
    expect(fr).toContain(
      '<pre data-copy data-run data-lang="bash"><code class="language-bash">ls -l\necho "&lt;b&gt;"</code></pre>',
    );
    expect(fr).toContain(
      '<button type="button" class="code-run" data-action="run">Exécuter dans le terminal</button>',
    );
    expect(fr).toContain('<pre data-copy><code>sortie</code></pre>');
    expect(render('```bash run\nls\n```', 'en').html).toContain('>Run in terminal</button>');
  });

  it('renders admonitions (GitHub syntax)', () => {
    const { html } = render(
      '> [!TIP]\n> Utilisez **Tab**.\n\n> [!WARNING] Pas de corbeille.\n\n> une citation',
    );
    expect(html).toContain(
      '<aside class="admonition admonition-tip" data-kind="tip"><p class="admonition-title">Astuce</p><p>Utilisez <strong>Tab</strong>.</p>',
    );
    expect(html).toContain('<p class="admonition-title">Attention</p><p>Pas de corbeille.</p>');
    expect(html).toContain('<blockquote>');
  });

  it('serves images from the course folder only', () => {
    const r = render('![a](images/a.png) ![b](https://tracker.example/b.png) ![c](images/../../course.ts)');
    expect(r.html).toContain('<img src="/api/courses/c/assets/images/a.png" alt="a"');
    expect(r.html).not.toContain('tracker.example');
    expect(r.images).toEqual(['images/a.png']);
    expect(r.refusedImages).toEqual(['https://tracker.example/b.png', 'images/../../course.ts']);
  });

  it('opens external links in a new tab without opener', () => {
    expect(render('[doc](https://nginx.org/)').html).toContain(
      '<a href="https://nginx.org/" rel="noopener noreferrer" target="_blank">doc</a>',
    );
  });
});

describe('asset references', () => {
  it('accepts images/<file> only', () => {
    expect(isSafeAssetRef('images/schema.png')).toBe(true);
    expect(isSafeAssetRef('images/sous/dossier.webp')).toBe(true);
    for (const bad of [
      '',
      '../x.png',
      'images/../x.png',
      'images/%2e%2e/x.png',
      'images/%252e%252e/x.png',
      '/images/x.png',
      'images/x.png\0',
      'images\\x.png',
      'images/.cache.png',
      'images/x.svg',
      'solutions/x.sh',
      'http://x/images/a.png',
      'images/%zz.png',
    ]) {
      expect(isSafeAssetRef(bad), bad).toBe(false);
    }
  });
});
