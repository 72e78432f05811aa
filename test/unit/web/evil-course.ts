// Writes a course folder whose lessons and hints carry XSS payloads, with one real image, a symlink that
// points out of images/, and a secret beside course.ts: the material for the content tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const EVIL_ID = 'evil-course';
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const XSS_MARKDOWN = `# Leçon

<script>alert('script')</script>
<img src="images/ok.png" onerror="alert('onerror')">
<a href="javascript:alert('a')">a</a>
[md link](javascript:alert('md'))
[mixed case](JaVaScRiPt:alert('case'))
[entity](java&#x09;script:alert('entity'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<div onclick="alert('click')" style="background:url(javascript:alert('css'))">div</div>
<iframe src="https://evil.example/" srcdoc="<script>alert(1)</script>"></iframe>
<svg onload="alert('svg')"><script>alert('svg2')</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<form action="https://evil.example/"><input name="x" onfocus="alert('focus')" autofocus></form>
<details open ontoggle="alert('toggle')"><summary>s</summary></details>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">
<style>body { display: none }</style>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<button formaction="javascript:alert('button')">b</button>
<p title="x" onmouseover="alert('over')">p</p>

\`\`\`bash
echo "<script>alert('in code')</script>"
\`\`\`

![ok](images/ok.png)
`;

export const XSS_HINT = "Essayez [ceci](javascript:alert('hint')) <img src=x onerror=alert('hint')> `code`";

/** Creates `<tmp>/courses/evil-course` (plus the secret file); returns the courses folder. */
export function writeEvilCourse(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-evil-'));
  const dir = path.join(root, 'courses', EVIL_ID);
  fs.mkdirSync(path.join(dir, 'lessons', 'images'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'solutions'));
  const authoring = path.resolve('server/courses/authoring.js');
  const loc = (s: string) => JSON.stringify({ fr: s, en: s });
  fs.writeFileSync(
    path.join(dir, 'course.ts'),
    `import { check, defineCourse } from ${JSON.stringify(authoring)};
export default defineCourse({
  id: '${EVIL_ID}', title: ${loc('Evil')}, description: ${loc('XSS payloads')}, image: 'base',
  exercises: [{ id: 'xss', title: ${loc('XSS')}, hints: [${loc(XSS_HINT)}],
    checks: [check.file('/root/x', { id: 'x', pass: ${loc('ok')}, fail: ${loc('no')} })] }],
});
`,
  );
  for (const lang of ['fr', 'en'])
    fs.writeFileSync(path.join(dir, 'lessons', `xss.${lang}.md`), XSS_MARKDOWN);
  fs.writeFileSync(path.join(dir, 'solutions', 'xss.sh'), 'touch /root/x\n');
  fs.writeFileSync(path.join(dir, 'lessons', 'images', 'ok.png'), PNG);
  fs.writeFileSync(path.join(dir, 'lessons', 'images', '.hidden.png'), PNG);
  fs.writeFileSync(path.join(dir, 'secret.png'), 'SECRET-BESIDE-COURSE');
  fs.symlinkSync('../../secret.png', path.join(dir, 'lessons', 'images', 'link.png'));
  return path.join(root, 'courses');
}
