// Check criteria in the learner's words: the default wording of every built-in kind, an author's label,
// the load error for a check that needs one, the course API's `criteria`, and a sweep of every check of
// every shipped course for implementation details.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/authoring.js';
import { loadCourse } from '../../../server/courses/course-loader.js';
import { loadCourses } from '../../../server/courses/course-registry.js';
import { CourseCodeCache } from '../../../server/courses/course-module.js';
import { criterionOf, defaultCriterion } from '../../../server/courses/criteria.js';
import { courseSchema } from '../../../server/courses/define-course.js';
import { LessonCache } from '../../../server/courses/lesson-cache.js';
import { labelledWhereNeeded, withStepLabel } from '../../../server/courses/import/criteria-labels.js';
import type { CheckSpec } from '../../../server/courses/checks/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fr = (spec: CheckSpec) => defaultCriterion(spec)?.fr;
const en = (spec: CheckSpec) => defaultCriterion(spec)?.en;

describe('default criteria, one per built-in kind', () => {
  it('package, process, port, reach', () => {
    expect(fr(check.package('nginx'))).toBe('Le paquet nginx est installé');
    expect(en(check.package('nginx'))).toBe('Package nginx is installed');
    expect(fr(check.package('ncdu', { installed: false }))).toBe('Le paquet ncdu n’est pas installé');
    expect(fr(check.process('nginx', { user: 'www-data' }))).toBe(
      'Le processus nginx tourne sous l’utilisateur www-data',
    );
    expect(en(check.process('cron', { running: false }))).toBe('No cron process is running');
    expect(fr(check.port(80))).toBe('Le port 80 est en écoute');
    expect(en(check.port(53, { protocol: 'udp' }))).toBe('UDP port 53 is open');
    expect(fr(check.reach('web', 80, { machine: 'client' }))).toBe(
      'Le port 80 de web répond (depuis client)',
    );
    expect(en(check.reach('web', 22, { open: false }))).toBe('Port 22 of web is closed');
  });

  it('file: exists, type, contents, owner, mode, link, absence, glob', () => {
    expect(fr(check.file('/root/un'))).toBe('/root/un existe');
    expect(en(check.file('/var/www', { type: 'directory' }))).toBe('The folder /var/www exists');
    expect(
      fr(
        check.file('/var/www/index.html', {
          contains: 'Bonjour',
          owner: 'webmestre',
          group: 'www-data',
          mode: '640',
        }),
      ),
    ).toBe(
      '/var/www/index.html contient « Bonjour », appartient à webmestre et au groupe www-data et a les droits 640',
    );
    expect(en(check.file('/etc/x', { matches: /^a$/m }))).toBe('/etc/x has the expected content');
    expect(fr(check.file('/l', { type: 'symlink', target: '/t' }))).toBe('Le lien /l pointe vers /t');
    expect(fr(check.file('/root/vieux.log', { exists: false }))).toBe('/root/vieux.log n’existe pas');
    expect(en(check.file('/d/*.dump', { size: { min: 1 } }))).toBe('A file matching /d/*.dump is not empty');
    expect(en(check.file('/s', { modeHas: '2000', modeLacks: '0002' }))).toBe(
      '/s has the setgid bit and is not writable by others',
    );
  });

  it('user, group, http, cron, answer, json, tls, dns, sql, configTest', () => {
    expect(fr(check.user('alice', { shell: '/bin/bash', groups: ['sudo'] }))).toBe(
      'Le compte alice a le shell /bin/bash et est membre de sudo',
    );
    expect(en(check.user('ancien', { shell: '/usr/sbin/nologin' }))).toBe('Account ancien cannot log in');
    expect(en(check.group('projet', { members: ['a', 'b'] }))).toBe('Group projet has members a and b');
    expect(
      fr(check.http('http://localhost/', { host: 'jardins.local', status: 404, bodyContains: 'Oups' })),
    ).toBe('http://jardins.local/ répond (statut 404) avec une page contenant « Oups »');
    expect(en(check.cron({ user: 'root', command: 'sauvegarde', schedule: '30 2 * * *' }))).toBe(
      'A scheduled task of root runs "sauvegarde" (schedule 30 2 * * *)',
    );
    // The accepted answers are never shown.
    expect(fr(check.answer('/root/r.txt', ['chmod 640']))).toBe(
      'La réponse écrite dans /root/r.txt est juste',
    );
    expect(en(check.json('/etc/a.json', { values: { 'server.port': 8080 } }))).toBe(
      '/etc/a.json is valid JSON with server.port = 8080',
    );
    expect(en(check.tls('https://www.x.test/', { ca: { path: '/ca.pem' }, machine: 'client' }))).toBe(
      'https://www.x.test/ presents a valid certificate (from client)',
    );
    expect(fr(check.dns('www.x.test', { type: 'CNAME', expect: 'web.x.test' }))).toBe(
      'Le nom www.x.test est résolu (enregistrement CNAME) en web.x.test',
    );
    // The query is not shown.
    expect(en(check.sql('SELECT 1', { engine: 'postgres', user: 'app', database: 'jardins' }))).toBe(
      'The jardins database (PostgreSQL) answers app as expected',
    );
    expect(fr(check.configTest('nginx -t'))).toBe('La configuration de nginx est valide');
    expect(en(check.configTest('visudo -c'))).toBe('The sudo configuration is valid');
  });

  it('code-like text is never quoted: a generic phrase stands in', () => {
    expect(en(check.file('/root/.bashrc', { contains: 'x=$(date)' }))).toBe(
      '/root/.bashrc has the expected content',
    );
    expect(en(check.cron({ user: 'root', command: 'tar czf /b.tgz /srv | gzip' }))).toBe(
      'A scheduled task of root runs the expected command',
    );
  });

  it('a raw command has no default; the author’s label wins over any default', () => {
    expect(defaultCriterion(check.command('curl -sI http://localhost/'))).toBeUndefined();
    const label = { fr: 'nginx n’annonce plus sa version', en: 'nginx no longer announces its version' };
    expect(criterionOf(check.command('curl -sI http://localhost/', { label }))).toEqual(label);
    expect(
      criterionOf(check.package('nginx', { label: { fr: 'nginx est là', en: 'nginx is there' } }))?.fr,
    ).toBe('nginx est là');
  });
});

describe('checks that need a label', () => {
  const course = (checks: CheckSpec[]) => ({
    id: 'demo',
    title: { fr: 'Démo', en: 'Demo' },
    description: { fr: 'd', en: 'd' },
    image: 'base',
    exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks }],
  });
  const issues = (checks: CheckSpec[]) => {
    const r = courseSchema.safeParse(course(checks));
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('a command check without a label is refused, naming the course, the exercise and the check', () => {
    const found = issues([check.package('nginx'), check.command('/opt/verif.sh', { id: 'verif' })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^exercises\.0\.checks\.1\.label: course "demo", exercise "un", check "verif": /,
    );
    expect(found[0]).toContain('label: { fr, en }');
  });

  it('a default that would show a script path is refused too; a label makes both load', () => {
    expect(issues([check.file('/usr/local/bin/sauvegarde', { mode: '755' })])).toEqual([
      expect.stringContaining('check "file-1": its default criterion would show an implementation detail'),
    ]);
    const label = { fr: 'Le script de sauvegarde est exécutable', en: 'The backup script is executable' };
    expect(
      issues([
        check.file('/usr/local/bin/sauvegarde', { mode: '755', label }),
        check.command('/opt/verif.sh', { label }),
        check.configTest('nginx -t'),
      ]),
    ).toEqual([]);
  });

  it('a label is two non-empty texts', () => {
    expect(issues([check.package('nginx', { label: { fr: '', en: 'x' } })])[0]).toMatch(/label\.fr/);
  });
});

describe('the Killercoda importer', () => {
  it('labels with the step the checks it writes whose default would show a program path', () => {
    const r = labelledWhereNeeded(
      [
        "check.file('/etc/motd')",
        "check.file('/usr/local/bin/go', { type: 'symlink' })",
        "check.package('tree')",
      ],
      'Files',
    );
    expect(r.count).toBe(1);
    expect(r.checks[0]).toBe("check.file('/etc/motd')");
    // The written source is still a check, with its label.
    const built = (source: string) => new Function('check', `return ${source}`)(check) as CheckSpec;
    expect(built(r.checks[1] ?? '')).toMatchObject({
      kind: 'file',
      type: 'symlink',
      label: { fr: 'Étape « Files » : vérification 2', en: 'Step "Files": check 2' },
    });
    expect(built(withStepLabel("check.command('test -x /x')", 'Go')).label).toEqual({
      fr: 'Étape « Go » réussie',
      en: 'Step "Go" done',
    });
  });
});

describe('the course API', () => {
  it('gives each exercise its criteria in the asked language, with the checks’ ids', async () => {
    const registry = await loadCourses(path.join(here, 'fixtures/courses'), {
      exercisesDir: path.join(here, 'fixtures/exercises'),
      only: ['good'],
    });
    expect(registry.get('good', 'fr')?.exercises[0]?.criteria).toEqual([
      { id: 'file-1', text: '/root/x contient « y »' },
    ]);
    expect(registry.get('good', 'en')?.exercises[0]?.criteria).toEqual([
      { id: 'file-1', text: '/root/x contains "y"' },
    ]);
  });
});

// Independent of criterion-text.ts on purpose: what a learner must never read in a criterion.
const DETAILS: [string, RegExp][] = [
  ['a backtick', /`/],
  ['a command substitution', /\$\(|\$\{/],
  ['a pipe', /\|/],
  ['a chain of commands', /&&|;\s/],
  ['a redirection', /\s[<>]|2>/],
  ['a system program path', /\/usr\/|\/opt\//],
  ['a script', /\.sh\b|\.py\b/],
  ['a newline', /\n/],
];

describe('the shipped courses', () => {
  it('every check of every course has a criterion without implementation details', async () => {
    const root = path.join(here, '../../../courses');
    const ctx = {
      exercisesDir: path.join(root, '../exercises'),
      display: (p: string) => path.relative(root, p),
      assetUrl: (id: string, rel: string) => `/api/courses/${id}/assets/${rel}`,
      lessons: new LessonCache(),
      code: new CourseCodeCache(),
    };
    const problems: string[] = [];
    let seen = 0;
    for (const folder of readdirSync(root).filter((f) => !f.startsWith('.'))) {
      const { course, errors } = await loadCourse(path.join(root, folder), ctx);
      expect(errors, folder).toEqual([]);
      for (const ex of course?.def.exercises ?? [])
        for (const [i, c] of ex.checks.entries()) {
          seen++;
          const text = criterionOf(c);
          const where = `${folder}/${ex.id}/${c.id ?? i}`;
          if (!text) problems.push(`${where}: no criterion`);
          for (const lang of ['fr', 'en'] as const)
            for (const [what, re] of DETAILS)
              if (text && re.test(text[lang]))
                problems.push(`${where} (${lang}): ${what} in "${text[lang]}"`);
        }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(100);
  });
});
