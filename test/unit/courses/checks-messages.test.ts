import { describe, expect, it } from 'vitest';
import { learnerView, runExerciseChecks } from '../../../server/courses/check-runner.js';
import { shownCommand } from '../../../server/courses/checks/command-check.js';
import { check, type CheckSpec } from '../../../server/courses/checks/index.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

/** Runs checks whose lab batch answers each probe in turn with [exit code, output]. */
async function run(specs: CheckSpec[], answers: [number, string][], lang: 'fr' | 'en' = 'fr') {
  const rt = new FakeRuntime((_lab, _cmd, opts) => {
    const script = opts.stdin?.toString() ?? '';
    const n = /^__n=([0-9a-f]+)$/m.exec(script)?.[1] ?? '';
    const out = answers.map(([code, o], i) => `@@${n}:B:${i}\n${o}\n@@${n}:E:${i}:${code}\n`);
    return { stdout: out.join('') };
  });
  await rt.ensureLab({ labId: 'm', userId: 'u', courseId: 'c', image: 'atelier/base' });
  return runExerciseChecks(rt, 'm', specs, lang);
}

const SCRIPT = `python3 - <<'EOF'
import json
json.load(open('/srv/app.json'))
EOF`;

const TRACEBACK =
  'Traceback (most recent call last):\n  File "<stdin>", line 2\njson.decoder.JSONDecodeError: x';

describe('learner messages stay short; authors get the detail', () => {
  it('shows a command only when it is one short line, without the configTest suffix', () => {
    expect(shownCommand('nginx -t 2>&1')).toBe('nginx -t');
    expect(shownCommand('exit 2')).toBe('exit 2');
    expect(shownCommand(SCRIPT)).toBeUndefined();
    expect(
      shownCommand(`test -f /a && grep -q "une très longue expression" /etc/un/fichier/assez/long`),
    ).toBeUndefined();
  });

  it('a script: a generic sentence for learners, the script, code and output for authors', async () => {
    const r = await run(
      [check.command(SCRIPT), check.command(SCRIPT, { id: 'json-ok', timeoutS: 4 })],
      [
        [1, TRACEBACK],
        [1, TRACEBACK],
      ],
    );
    expect(r.checks[0]).toMatchObject({
      passed: false,
      message: "La vérification n'est pas encore satisfaite.",
    });
    expect(r.checks[0]?.detail).toContain("python3 - <<'EOF'");
    expect(r.checks[0]?.detail).toContain('se termine avec le code 1 (attendu : 0). — Traceback');
    expect(r.checks[1]?.message).toBe("La vérification « json-ok » n'est pas encore satisfaite.");
  });

  it('configTest: the command without 2>&1; the output excerpt only in the detail', async () => {
    const out = 'nginx: [emerg] unknown directive "lisen" in /etc/nginx/sites-enabled/site:3';
    const r = await run(
      [check.configTest('nginx -t'), check.configTest('nginx -t', { exitCode: 1 })],
      [[1, out]],
      'en',
    );
    expect(r.checks[0]).toEqual({
      id: 'command-1',
      passed: false,
      message: '"nginx -t" exits with code 1 (expected 0).',
      detail: `"nginx -t 2>&1" exits with code 1 (expected 0). — ${out}`,
      points: 1,
    });
    expect(r.checks[1]).toMatchObject({
      passed: true,
      message: '"nginx -t" succeeds.',
      detail: '"nginx -t 2>&1" succeeds.',
    });
  });

  it('a short command with no output has no separate detail', async () => {
    const r = await run([check.command('exit 2')], [[2, '']], 'en');
    expect(r.checks[0]).toEqual({
      id: 'command-1',
      passed: false,
      message: '"exit 2" exits with code 2 (expected 0).',
      points: 1,
    });
  });

  it("the learner's payload carries no detail", async () => {
    const r = await run(
      [check.command(SCRIPT, { fail: { fr: 'Pas encore.', en: 'Not yet.' } })],
      [[1, TRACEBACK]],
    );
    expect(r.checks[0]?.detail).toContain('Traceback');
    const seen = learnerView({ exerciseId: 'e', ...r });
    expect(seen.checks).toEqual([{ id: 'command-1', passed: false, message: 'Pas encore.', points: 1 }]);
    expect(JSON.stringify(seen)).not.toContain('Traceback');
    expect(r.checks[0]?.detail).toBeDefined(); // the original (for trainers) is untouched
  });
});
