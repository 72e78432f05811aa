import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../../server/courses/checks/answer-check.js';
import { check, checkSchema } from '../../../server/courses/checks/index.js';
import { l } from '../../../server/courses/localized.js';
import { verdictOf } from './checks-world.js';

const at = (content: string) => ({ files: { '/root/reponse.txt': content } });

describe('answer', () => {
  it('normalises: trimmed, spaces collapsed, case-insensitive unless asked', () => {
    expect(normalizeAnswer('  Chmod   640\n\n')).toBe('chmod 640');
    expect(normalizeAnswer(' Chmod\t640 ', true)).toBe('Chmod 640');
  });

  it('accepts one of several answers', () => {
    const spec = check.answer('/root/reponse.txt', ['chmod 640', 'chmod u=rw,g=r,o=']);
    expect(verdictOf(spec, at('  CHMOD  640\n'))).toMatchObject({
      passed: true,
      detail: { en: 'Right answer in /root/reponse.txt: "chmod 640".' },
    });
    expect(verdictOf(check.answer('/root/reponse.txt', '22'), at('22\n')).passed).toBe(true);
    expect(
      verdictOf(check.answer('/root/reponse.txt', 'Debian', { caseSensitive: true }), at('debian')).passed,
    ).toBe(false);
  });

  it('a wrong answer: learners see theirs, authors also the accepted ones', () => {
    const v = verdictOf(
      check.answer('/root/reponse.txt', ['chmod 640', 'chmod u=rw,g=r,o=']),
      at('chmod 644'),
    );
    expect(v.passed).toBe(false);
    expect(v.short?.fr).toBe("La réponse « chmod 644 » (/root/reponse.txt) n'est pas la bonne.");
    expect(v.detail.en).toBe(
      'The answer "chmod 644" (/root/reponse.txt) is not the right one. Expected: chmod 640 | chmod u=rw,g=r,o=.',
    );
    expect(verdictOf(check.answer('/root/reponse.txt', 'x'), {}).detail.fr).toBe(
      "/root/reponse.txt n'existe pas encore.",
    );
    expect(verdictOf(check.answer('/root/reponse.txt', 'x'), at(' \n ')).detail.en).toBe(
      '/root/reponse.txt is empty.',
    );
  });

  it('per-answer feedback', () => {
    const why777 = l('777 ouvre le fichier à tout le monde.', '777 opens the file to everyone.');
    const spec = check.answer('/root/reponse.txt', [
      { answer: ['chmod 640', 'chmod u=rw,g=r,o='], pass: l('Oui : 640.', 'Yes: 640.') },
      { answer: 'chmod 777', correct: false, fail: why777 },
    ]);
    expect(verdictOf(spec, at('chmod 777'))).toMatchObject({ passed: false, authored: why777 });
    expect(verdictOf(spec, at('chmod u=rw,g=r,o='))).toMatchObject({
      passed: true,
      authored: { fr: 'Oui : 640.' },
    });
    const other = verdictOf(spec, at('chmod 600'));
    expect(other.passed).toBe(false);
    expect(other.authored).toBeUndefined();
  });

  it('refuses confusing shapes when the course loads', () => {
    for (const bad of [
      check.answer('/root/r', []),
      check.answer('/root/r', ''),
      check.answer('/root/r', [{ answer: 'x', correct: false }]),
      check.answer('/root/r', [{ answer: 'x', fail: l('a', 'b') }]),
      check.answer('/root/r', [{ answer: 'y' }, { answer: 'x', correct: false, pass: l('a', 'b') }]),
      check.answer('relative', 'x'),
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('json and yaml', () => {
  const json = '{\n  "server": { "port": 8080, "hosts": ["a.local", "b.local"] },\n  "debug": false\n}\n';
  const yaml = 'server:\n  port: 8080\n  hosts:\n    - name: a.local\n      tls: true\ndebug: false\n';

  it('values: deep equality or RegExp at dotted paths', () => {
    const w = { files: { '/srv/app.json': json } };
    expect(
      verdictOf(
        check.json('/srv/app.json', {
          values: {
            'server.port': 8080,
            'server.hosts': ['a.local', 'b.local'],
            'server.hosts[1]': /^b\./,
            debug: false,
          },
        }),
        w,
      ),
    ).toMatchObject({
      passed: true,
      detail: { en: '/srv/app.json is valid JSON, with the expected values.' },
    });
    expect(verdictOf(check.json('/srv/app.json', { values: { 'server.port': 9090 } }), w).detail.fr).toBe(
      'Dans /srv/app.json, server.port vaut 8080 (attendu : 9090).',
    );
    expect(
      verdictOf(check.json('/srv/app.json', { values: { 'server.hosts[0]': /\.com$/ } }), w).detail.en,
    ).toBe('In /srv/app.json, server.hosts[0] is "a.local" (expected matching /\\.com$/).');
    expect(verdictOf(check.json('/srv/app.json', { values: { 'server.tls.cert': 'x' } }), w).detail.en).toBe(
      '/srv/app.json has no value at server.tls.',
    );
    expect(verdictOf(check.json('/srv/app.json', { values: { 'server.hosts[5]': 'x' } }), w).detail.fr).toBe(
      "/srv/app.json n'a pas de valeur server.hosts[5].",
    );
  });

  it('says where a file does not parse', () => {
    const bad = { files: { '/srv/app.json': '{\n  "a": 1,\n  "b" 2\n}\n' } };
    expect(verdictOf(check.json('/srv/app.json'), bad).detail.fr).toMatch(
      /^\/srv\/app\.json n'est pas du JSON valide \(ligne 3, colonne 7\) : .+\.$/,
    );
    const badYaml = { files: { '/srv/app.yaml': 'a: 1\nb: [1, 2\nc: 3\n' } };
    expect(verdictOf(check.yaml('/srv/app.yaml'), badYaml).detail.en).toMatch(
      /^\/srv\/app\.yaml is not valid YAML \(line 3, column 1\): Flow sequence .+\.$/,
    );
    expect(verdictOf(check.json('/srv/none.json'), {}).detail.en).toBe('/srv/none.json does not exist.');
  });

  it('yaml values, first document', () => {
    const w = { files: { '/srv/app.yaml': yaml } };
    expect(
      verdictOf(
        check.yaml('/srv/app.yaml', { values: { 'server.hosts[0]': { name: 'a.local', tls: true } } }),
        w,
      ).passed,
    ).toBe(true);
    expect(verdictOf(check.yaml('/srv/app.yaml', { values: { 'server.port': '8080' } }), w).detail.en).toBe(
      'In /srv/app.yaml, server.port is 8080 (expected "8080").',
    );
    expect(verdictOf(check.yaml('/srv/app.yaml'), { files: { '/srv/app.yaml': '' } }).passed).toBe(true);
  });

  it('refuses bad value paths when the course loads', () => {
    for (const bad of [
      check.json('/x.json', { values: { 'a..b': 1 } }),
      check.json('/x.json', { values: { 'a[x]': 1 } }),
      check.yaml('/x.yaml', { values: { '': 1 } }),
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(checkSchema.safeParse(check.json('/x.json', { values: { '[0].a-b.c': 1 } })).success).toBe(true);
  });
});
