// `npm run course:import`: a Killercoda scenario folder (index.json + Markdown steps + verify/background/
// foreground scripts) turned into the files of an Atelier course folder, and a report of what a human must
// still do. Pure: it reads the scenario (and the environment's Dockerfile), writes nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { convertLesson } from './lesson.js';
import { envPackages, installsIn, meaningfulScript, stripInstalls, type Installs } from './scripts.js';
import { tsString, tsValue } from './ts-source.js';
import { compileVerify } from './verify.js';
import { labelledWhereNeeded, withStepLabel } from './criteria-labels.js';

/** Bad input: the file at fault and what is wrong with it. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  /** Course id (default: the folder name, kebab-case). */
  id?: string;
  /** The exercises/ environment (default 'base'). */
  image?: string;
  /** Where the environments live, to read their Dockerfiles (none: no package comparison). */
  exercisesDir?: string;
  /** A file path whose prettier configuration formats course.ts (default: cwd/courses/<id>/course.ts). */
  formatFrom?: string;
}

export interface ImportedFile {
  /** Relative to the course folder. */
  path: string;
  content: string | Buffer;
  /** File mode (scripts 0o755). */
  mode?: number;
}

export interface ImportResult {
  courseId: string;
  files: ImportedFile[];
  /** What was converted and what a human must still do, one line each. */
  report: string[];
}

interface StepJson {
  title?: unknown;
  text?: unknown;
  verify?: unknown;
  background?: unknown;
  foreground?: unknown;
}

const KNOWN: Record<string, string[]> = {
  '': ['title', 'description', 'difficulty', 'time', 'backend', 'details', 'assets'],
  backend: ['imageid'],
  details: ['intro', 'steps', 'finish', 'assets'],
  'details.intro': ['text', 'background', 'foreground'],
  'details.steps[]': ['title', 'text', 'verify', 'background', 'foreground'],
  'details.finish': ['text'],
};

const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i;
const RESERVED = new Set(['intro', 'finish']);

/** kebab-case: a-z, 0-9 and -, at most 48 characters, cut at a dash when it can. */
export function kebab(text: string, max = 48): string {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length > max) {
    const cut = s.slice(0, max + 1).lastIndexOf('-');
    s = (cut >= max / 2 ? s.slice(0, cut) : s.slice(0, max)).replace(/-+$/, '');
  }
  return s;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id) || RESERVED.has(id); n++) {
    const suffix = `-${n}`;
    id = `${base.slice(0, 48 - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(id);
  return id;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (xs: string[]): string => xs.join(', ');

export async function importKillercoda(dir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const root = path.resolve(dir);
  const rel = (p: string) => path.join(dir, p);
  const indexFile = path.join(root, 'index.json');
  if (!existsSync(indexFile))
    throw new ImportError(rel('index.json'), 'no index.json: not a Killercoda scenario folder');
  let index: Record<string, unknown>;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ImportError(
      rel('index.json'),
      `invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!index || typeof index !== 'object' || Array.isArray(index))
    throw new ImportError(rel('index.json'), 'index.json is not a JSON object');

  const report: string[] = [];
  const files: ImportedFile[] = [];
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const details = obj(index.details);
  const stepsJson = details.steps;
  if (!Array.isArray(stepsJson) || stepsJson.length === 0)
    throw new ImportError(rel('index.json'), 'details.steps must list at least one step');

  // Unknown fields: one line each.
  const unknown = (value: unknown, known: string[], shown: string) => {
    for (const key of Object.keys(obj(value)))
      if (!known.includes(key))
        report.push(`[warn] index.json: unknown field "${shown ? `${shown}.` : ''}${key}" ignored`);
  };
  unknown(index, KNOWN[''] ?? [], '');
  unknown(index.backend, KNOWN.backend ?? [], 'backend');
  unknown(details, KNOWN.details ?? [], 'details');
  unknown(details.intro, KNOWN['details.intro'] ?? [], 'details.intro');
  unknown(details.finish, KNOWN['details.finish'] ?? [], 'details.finish');
  stepsJson.forEach((s, i) => unknown(s, KNOWN['details.steps[]'] ?? [], `details.steps[${i}]`));

  /** A file named by index.json: must stay inside the folder and exist. */
  const named = (ref: unknown, field: string): { file: string; text: string } | undefined => {
    if (ref === undefined || ref === null || ref === '') return undefined;
    if (typeof ref !== 'string') throw new ImportError(rel('index.json'), `${field} must be a file name`);
    const file = path.resolve(root, ref);
    if (!file.startsWith(root + path.sep))
      throw new ImportError(rel('index.json'), `${field} "${ref}" points outside the scenario folder`);
    if (!existsSync(file) || !statSync(file).isFile())
      throw new ImportError(rel(ref), `missing file (named by index.json ${field})`);
    return { file: path.relative(root, file), text: readFileSync(file, 'utf8') };
  };

  const folderName = path.basename(root);
  const courseId = opts.id ?? kebab(folderName);
  if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(courseId))
    throw new ImportError(
      opts.id ? '--id' : rel(''),
      `"${courseId}" is not a course id (kebab-case a-z, 0-9, -; at most 48 characters)`,
    );
  const env = opts.image ?? 'base';
  let readDockerfile: ((e: string) => string | undefined) | undefined;
  if (opts.exercisesDir) {
    const exercisesDir = opts.exercisesDir;
    readDockerfile = (e) => {
      const f = path.join(exercisesDir, e, 'Dockerfile');
      return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
    };
    if (readDockerfile(env) === undefined)
      throw new ImportError(
        path.join(exercisesDir, env, 'Dockerfile'),
        `unknown environment "${env}" (--image): no Dockerfile`,
      );
  }

  const title = str(index.title) ?? folderName;
  const description = str(index.description) ?? title;
  const images = new Map<string, string>();
  const imageOf = (mdFile: string, where: string) => (ref: string) => {
    const file = path.resolve(root, path.dirname(mdFile), decodeURIComponent(ref.split(/[?#]/)[0] ?? ''));
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !IMAGE_EXT.test(file)) {
      report.push(
        `[todo] ${where}: image "${ref}" not found or not png/jpg/gif/webp: dropped (its alt text kept)`,
      );
      return undefined;
    }
    let name = kebab(path.basename(file).replace(IMAGE_EXT, ''), 40) || 'image';
    name = `${name}${path.extname(file).toLowerCase()}`;
    if (images.has(name) && images.get(name) !== file)
      name = `${kebab(path.dirname(path.relative(root, file)))}-${name}`;
    if (!images.has(name)) {
      images.set(name, file);
      files.push({ path: `lessons/images/${name}`, content: readFileSync(file) });
    }
    return `images/${name}`;
  };

  const backgrounds: { label: string; script: string }[] = [];
  const installs: Installs = { apt: [], pip: [], other: [] };
  const learnerCommands: string[] = [];

  // Intro and finish pages.
  const intro = obj(details.intro);
  const introText = named(intro.text, 'details.intro.text');
  if (introText) {
    const l = convertLesson(introText.text, { title, image: imageOf(introText.file, introText.file) });
    files.push({ path: 'lessons/intro.en.md', content: l.markdown });
    learnerCommands.push(...l.commands);
    for (const p of new Set(l.placeholders))
      report.push(
        `[todo] lessons/intro.en.md: Killercoda placeholder ${p} left as text: rewrite that sentence`,
      );
  }
  const introBg = named(intro.background, 'details.intro.background');
  if (introBg) backgrounds.push({ label: `intro: ${introBg.file}`, script: introBg.text });
  const introFg = named(intro.foreground, 'details.intro.foreground');
  const courseShellInit = introFg ? meaningfulScript(introFg.text) : undefined;
  if (introFg && !courseShellInit) report.push(`[info] ${introFg.file}: only comments / clear: dropped`);
  const finishText = named(obj(details.finish).text, 'details.finish.text');
  if (finishText) {
    const l = convertLesson(finishText.text, { image: imageOf(finishText.file, finishText.file) });
    files.push({ path: 'lessons/finish.en.md', content: l.markdown });
  }

  // Steps → exercises.
  const taken = new Set<string>();
  const exercises: string[] = [];
  const skeletons: string[] = [];
  const commandChecks: string[] = [];
  const shellInits: (readonly [string, string | undefined])[] = [];
  for (const [i, raw] of stepsJson.entries()) {
    const step = obj(raw) as StepJson;
    const field = `details.steps[${i}]`;
    const stepTitle = str(step.title) ?? `Step ${i + 1}`;
    const id = uniqueId(kebab(stepTitle) || `step-${i + 1}`, taken);
    const text = named(step.text, `${field}.text`);
    const verify = named(step.verify, `${field}.verify`);
    const bg = named(step.background, `${field}.background`);
    const fg = named(step.foreground, `${field}.foreground`);
    const lesson = convertLesson(text?.text ?? '', {
      title: stepTitle,
      image: text ? imageOf(text.file, text.file) : undefined,
    });
    files.push({ path: `lessons/${id}.en.md`, content: lesson.markdown });
    learnerCommands.push(...lesson.commands);
    if (!text)
      report.push(`[todo] step ${i + 1} "${stepTitle}" has no text: lessons/${id}.en.md is only a title`);
    for (const p of new Set(lesson.placeholders))
      report.push(
        `[todo] lessons/${id}.en.md: Killercoda placeholder ${p} left as text: rewrite that sentence`,
      );
    if (lesson.solutionSections.length)
      report.push(
        `[info] lessons/${id}.en.md: section(s) ${list(lesson.solutionSections.map((s) => `"${s}"`))} moved out of the lesson into hints and solutions/${id}.sh`,
      );
    if (bg) backgrounds.push({ label: `step ${i + 1} "${stepTitle}": ${bg.file}`, script: bg.text });

    // Checks.
    const checks: string[] = [];
    if (!verify) {
      checks.push(
        `check.command("echo 'TODO: write the checks of this exercise'; exit 1", { id: 'a-ecrire', label: { fr: 'Vérifications à écrire', en: 'Checks still to write' } })`,
      );
      report.push(
        `[todo] step ${i + 1} "${stepTitle}" has no verify script: write the checks of "${id}" (a failing placeholder stands in)`,
      );
    } else {
      const r = compileVerify(verify.text);
      if (r.kind === 'checks') {
        const labelled = labelledWhereNeeded(r.checks, stepTitle);
        checks.push(...labelled.checks);
        if (labelled.count)
          report.push(
            `[todo] ${verify.file}: ${labelled.count} check(s) of "${id}" would show a program path to learners: they got the step as their criterion (label), write what each verifies`,
          );
        const answers = r.checks.filter((c) => c.startsWith('check.answer('));
        if (answers.length)
          report.push(
            `[info] ${verify.file}: a quiz verifier, now check.answer() (case and spaces ignored): add the other spellings you accept`,
          );
        report.push(`[ok] ${verify.file} → ${r.checks.length} declarative check(s) in "${id}"`);
        for (const n of r.notes) report.push(`[check] ${verify.file}: ${n}`);
      } else {
        const copy = `verify/${id}.sh`;
        files.push({ path: copy, content: verify.text.endsWith('\n') ? verify.text : `${verify.text}\n` });
        checks.push(
          `// ${copy}: ${r.reason.replace(/\n/g, ' ')}; prefer a declarative check\n${withStepLabel(r.check, stepTitle)}`,
        );
        commandChecks.push(id);
        report.push(
          `[check] ${verify.file} → check.command (copied to ${copy}, run with bash in the lab): ${r.reason}; the learner can fake a command check, replace it with declarative checks if you can`,
        );
        if (verify.text.trim().length > 4000)
          report.push(
            `[todo] ${verify.file}: longer than 4000 characters, the limit of a command check: shorten it`,
          );
      }
    }
    const stepInit = fg ? meaningfulScript(fg.text) : undefined;
    shellInits.push([`"${id}"`, stepInit]);
    if (fg && !stepInit) report.push(`[info] ${fg.file}: only comments / clear: dropped`);
    if (stepInit)
      report.push(
        `[info] ${fg?.file}: became the shellInit of "${id}" (run by the learner's login shells; Killercoda typed it in the terminal)`,
      );

    const parts = [`id: ${tsValue(id)}`, `title: ${loc(stepTitle)}`];
    if (lesson.hints.length) parts.push(`hints: [${lesson.hints.map(loc).join(', ')}]`);
    if (stepInit) parts.push(`shellInit: ${tsString(stepInit)}`);
    parts.push(`checks: [\n${checks.join(',\n')},\n]`);
    exercises.push(`{\n${parts.join(',\n')},\n}`);

    const body = lesson.commands.length
      ? lesson.commands.join('\n')
      : '# (the lesson has no {{exec}} command: write the solution)';
    skeletons.push(id);
    files.push({
      path: `solutions/${id}.sh`,
      content: `#!/bin/bash\n# Reference solution of "${stepTitle.replace(/\n/g, ' ')}", a skeleton written by \`npm run course:import\`\n# from the lesson's {{exec}} commands (and its Solution sections), in order.\n# TODO (author): complete it so it solves the exercise from the state the previous solutions left,\n# then run \`npm run course:test -- ${courseId}\`.\n${body}\n`,
      mode: 0o755,
    });
  }

  // Setup: every background script, in order, without its package installs.
  let setup = '';
  if (backgrounds.length) {
    const chunks = backgrounds.map((b) => {
      const script = stripInstalls(b.script, installs)
        .replace(/^#!.*\n?/, '')
        .trim();
      return `# --- ${b.label}\n${script}\n`;
    });
    const meaningful = backgrounds.some((b) =>
      meaningfulScript(stripInstalls(b.script, { apt: [], pip: [], other: [] })),
    );
    if (meaningful) {
      setup = `#!/bin/bash\n# Starting state of "${title.replace(/\n/g, ' ')}", imported from Killercoda: its background scripts, in order.\n# Killercoda ran each step's background when the step started; here they all run once, as root, in the fresh lab.\n\n${chunks.join('\n')}`;
      files.push({ path: 'setup.sh', content: setup, mode: 0o755 });
      report.push(
        `[info] setup.sh: the background scripts of ${list(backgrounds.map((b) => b.label.split(':')[0] ?? ''))} run once when the lab starts (Killercoda ran a step's background when the step began): check that no step's setup solves an earlier step`,
      );
    }
  }

  // Packages.
  const apt = [...new Set(installs.apt)];
  const pip = [...new Set(installs.pip)];
  const learnerInstalls = installsIn(learnerCommands);
  const learnerApt = [...new Set(learnerInstalls.apt)];
  const have = readDockerfile ? envPackages(env, readDockerfile) : undefined;
  const dockerfile = `exercises/${env}/Dockerfile`;
  if (apt.length) {
    const missing = have ? apt.filter((p) => !have.installed.has(p)) : apt;
    report.push(
      `[todo] packages: the background scripts install ${list(apt)}; labs have no network, so these lines were removed from setup.sh and the packages belong in ${dockerfile} (apt-get install -y …). ${
        have
          ? missing.length
            ? `Missing from ${env}: ${list(missing)}.`
            : `All are already installed in ${env}.`
          : ''
      }`.trim(),
    );
  }
  if (learnerApt.length) {
    const missing = have
      ? learnerApt.filter((p) => !have.installed.has(p) && !have.downloaded.has(p))
      : learnerApt;
    report.push(
      `[todo] packages: the lessons have the learner run apt install ${list(learnerApt)}; offline labs need the .deb files in the image (apt-get install -y --download-only … in ${dockerfile}). ${
        have
          ? missing.length
            ? `Missing from ${env}: ${list(missing)}.`
            : `All are available in ${env}.`
          : ''
      }`.trim(),
    );
  }
  if (pip.length)
    report.push(
      `[todo] packages: pip install ${list(pip)} removed from setup.sh (no network): install them in ${dockerfile} (a Debian python3-… package, or pip at build time)`,
    );
  if (installs.other.length)
    report.push(
      `[info] setup.sh: removed ${list([...new Set(installs.other)].map((c) => `\`${c}\``))} (no network in labs)`,
    );

  // Fields Atelier does not use.
  const backend = obj(index.backend);
  if (str(backend.imageid))
    report.push(
      `[check] Killercoda ran this scenario on image "${String(backend.imageid)}"; Atelier labs run the ${env} environment (Debian bookworm, no systemd, no network): check the commands of the lessons`,
    );
  for (const key of ['difficulty', 'time'])
    if (index[key] !== undefined)
      report.push(`[info] index.json: ${key} "${String(index[key])}" is not used by Atelier (not imported)`);
  const assets = index.assets ?? details.assets;
  if (assets !== undefined)
    report.push(
      `[todo] index.json: assets ${JSON.stringify(assets)} not imported: create those files in setup.sh or setup.files of course.ts`,
    );
  for (const [where, init] of [['course', courseShellInit] as const, ...shellInits])
    if (init && Buffer.byteLength(init) > 8192)
      report.push(
        `[todo] the shellInit of ${where} is over 8 KiB, the most a shellInit may hold: shorten it`,
      );
  if (courseShellInit)
    report.push(
      `[info] ${introFg?.file}: became the course's shellInit (run by the learner's login shells; Killercoda typed it in the terminal). The setup has run before the learner's first shell: a loop waiting for the background can go`,
    );

  report.unshift(
    `[todo] French: titles, description and lessons are in English only (fr = en in course.ts, no .fr.md, imported.untranslated: true); a human translates them, writes lessons/*.fr.md, then removes untranslated`,
    `[todo] solutions: ${list(skeletons.map((s) => `solutions/${s}.sh`))} are skeletons from the {{exec}} commands: complete them`,
  );
  report.push(
    `[todo] then: npm run course:test -- ${courseId} (each exercise must fail before its solution and pass after)`,
  );

  // course.ts
  const courseParts = [
    `id: ${tsValue(courseId)}`,
    `title: ${loc(title)}`,
    `description: ${loc(description)}`,
    `image: ${tsValue(env)}`,
    `imported: { from: 'killercoda', untranslated: true, scenario: ${tsValue(folderName)} }`,
  ];
  if (setup) courseParts.push(`setup: { script: 'setup.sh' }`);
  if (courseShellInit) courseParts.push(`shellInit: ${tsString(courseShellInit)}`);
  courseParts.push(`exercises: [\n${exercises.join(',\n')},\n]`);
  const source = `import { check, defineCourse } from '../../server/courses/authoring.js';

// Imported from the Killercoda scenario "${folderName}" by \`npm run course:import\`. French text still to
// write (fr = en for now); ${commandChecks.length ? `command checks to review in ${list(commandChecks)}; ` : ''}see the import report.
export default defineCourse({
${courseParts.join(',\n')},
});
`;
  const formatFrom = opts.formatFrom ?? path.join(process.cwd(), 'courses', courseId, 'course.ts');
  const config = (await prettier.resolveConfig(formatFrom)) ?? {};
  const formatted = await prettier.format(source, { ...config, filepath: formatFrom, parser: 'typescript' });
  files.unshift({ path: 'course.ts', content: formatted });
  return { courseId, files, report };
}

/** `{ fr: text, en: text }`: the English text stands in for the French one until a human translates it. */
function loc(text: string): string {
  const v = tsValue(text.replace(/\s*\n\s*/g, ' ').trim());
  return `{ fr: ${v}, en: ${v} }`;
}
