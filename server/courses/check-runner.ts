import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { CheckOutcome, Lang } from './course-registry.js';
import {
  CHECK_COMMAND,
  MAX_PROBE_OUTPUT,
  buildCheckScript,
  newNonce,
  parseCheckOutput,
  type ProbeSite,
} from './check-script.js';
import type { Facts, Plan, Probe, ProbeResult, Verdict } from './checks/check-kind.js';
import { checkIdOf, kindOf, type CheckSpec } from './checks/index.js';
import {
  FileTooLarge,
  contentOf,
  globProbe,
  parseGlob,
  parseStat,
  readProbe,
  statProbe,
} from './lab-facts.js';
import { l } from './localized.js';

export interface CheckItemResult {
  id: string;
  passed: boolean;
  /** For the learner: the author's message when given, else a short generated sentence. */
  message: string;
  /**
   * For authors and trainers only (never sent to the learner's page, see learnerView): everything
   * found, when `message` does not say it all (e.g. "mode is 644, expected 600", a command's script,
   * exit code and output).
   */
  detail?: string;
  points: number;
}

export interface ExerciseResult {
  passed: boolean;
  checks: CheckItemResult[];
  score: number;
  maxScore: number;
  durationMs: number;
}

async function runBatch(
  run: (script: string, opts: { timeoutMs: number; maxOutputBytes: number }) => Promise<{ stdout: string }>,
  probes: Probe[],
  site: ProbeSite,
): Promise<Map<string, ProbeResult | undefined>> {
  if (!probes.length) return new Map();
  const nonce = newNonce();
  // A builtin probe may bound its own commands (`timeoutS`): the batch waits for them.
  const budgetS = probes.reduce((sum, p) => sum + (p.builtin ? (p.timeoutS ?? 0) : (p.timeoutS ?? 3)) + 1, 2);
  const res = await run(buildCheckScript(probes, nonce, site), {
    timeoutMs: Math.min(budgetS, 60) * 1000,
    maxOutputBytes: probes.reduce((sum, p) => sum + (p.maxBytes ?? MAX_PROBE_OUTPUT) + 128, 4096),
  });
  const parsed = parseCheckOutput(res.stdout, nonce, probes.length);
  return new Map(probes.map((p, i) => [p.key, parsed[i]]));
}

/**
 * Everything but command checks is read by the lab's grader (our tools, the kernel's view of the lab);
 * command checks run the lab's own programs in one exec inside it. Both batches run at once.
 */
async function gather(
  runtime: SandboxRuntime,
  labId: string,
  plans: Plan[],
  machine: string | undefined,
): Promise<Facts> {
  const probes = new Map<string, Probe>();
  const add = (p: Probe) => probes.set(p.key, p);
  for (const path of new Set(plans.flatMap((p) => p.reads ?? []))) add(readProbe(path));
  for (const path of new Set(plans.flatMap((p) => p.stats ?? []))) add(statProbe(path));
  for (const probe of plans.flatMap((p) => p.probes ?? [])) add(probe);
  const globs = plans.flatMap((p) => p.globs ?? []);
  // One listing per pattern: with contents when any check needs them.
  const withContent = new Set(globs.filter((g) => g.content).map((g) => g.pattern));
  for (const g of globs) add(globProbe(g.pattern, withContent.has(g.pattern)));
  const all = [...probes.values()];
  const [graded, inLab] = await Promise.all([
    runBatch(
      (script, o) => runtime.inspect(labId, script, { ...o, machine }),
      all.filter((p) => p.site !== 'lab'),
      'grader',
    ),
    runBatch(
      (script, o) => runtime.exec(labId, CHECK_COMMAND, { ...o, stdin: script, machine }),
      all.filter((p) => p.site === 'lab'),
      'lab',
    ),
  ]);
  const result = (key: string) => graded.get(key) ?? inLab.get(key);
  // A glob's matches come with their stat (and read) results, as if those probes had been planned.
  const listed = new Map<string, string[] | undefined>();
  const fromGlobs = new Map<string, ProbeResult | undefined>();
  for (const pattern of new Set(globs.map((g) => g.pattern))) {
    const matches = parseGlob(result(globProbe(pattern, withContent.has(pattern)).key));
    listed.set(
      pattern,
      matches?.map((m) => m.path),
    );
    for (const m of matches ?? []) {
      fromGlobs.set(statProbe(m.path).key, m.stat);
      if (m.read) fromGlobs.set(readProbe(m.path).key, m.read);
    }
  }
  const known = (key: string) => result(key) ?? fromGlobs.get(key);
  return factsFrom(known, result, listed);
}

/** Facts over gathered results; `on` is filled in once every machine's batch is back. */
function factsFrom(
  known: (key: string) => ProbeResult | undefined,
  probe: (key: string) => ProbeResult | undefined,
  listed: Map<string, string[] | undefined>,
): Facts {
  return {
    read: (path) => contentOf(path, known(readProbe(path).key)),
    stat: (path, follow = true) => {
      const pair = parseStat(known(statProbe(path).key));
      return follow ? pair.stat : pair.lstat;
    },
    glob: (pattern) => listed.get(pattern),
    probe,
    on: () => noFacts(),
  };
}

/** What a machine that could not be asked (an unknown name) offers: nothing. */
const noFacts = (): Facts =>
  factsFrom(
    () => undefined,
    () => undefined,
    new Map(),
  );

function judge(spec: CheckSpec, facts: Facts): Verdict {
  try {
    return kindOf(spec).evaluate(spec, facts);
  } catch (err) {
    if (err instanceof FileTooLarge) return { passed: false, detail: err.text };
    const why = err instanceof Error ? err.message : String(err);
    return { passed: false, detail: l(`Vérification impossible : ${why}`, `Check failed to run: ${why}`) };
  }
}

/**
 * Runs every check of one exercise against a running lab: per machine the checks name, one grader batch
 * and one lab exec if needed, all machines at once. `defaultMachine` (the course's first machine) is the
 * machine of checks that name none: a check or an `on` part naming it joins their batch.
 */
export async function runExerciseChecks(
  runtime: SandboxRuntime,
  labId: string,
  specs: readonly CheckSpec[],
  lang: Lang,
  defaultMachine?: string,
): Promise<ExerciseResult> {
  const started = performance.now();
  const plans = specs.map((s) => kindOf(s).plan(s));
  const batchOf = (m: string | undefined) => (m === defaultMachine ? undefined : m);
  // Per machine: its own checks' plans, plus what other checks need from it (their `on` parts).
  const perMachine = new Map<string | undefined, Plan[]>();
  const add = (m: string | undefined, p: Plan) =>
    perMachine.set(batchOf(m), [...(perMachine.get(batchOf(m)) ?? []), p]);
  plans.forEach((p, i) => add(specs[i]?.machine, p));
  for (const p of plans) for (const [m, part] of Object.entries(p.on ?? {})) add(m, part);
  const named = new Set(specs.map((s) => batchOf(s.machine)));
  const factsOf = new Map(
    await Promise.all(
      [...perMachine].map(async ([m, mine]) => {
        const gathered = gather(runtime, labId, mine, m);
        // A machine only named by an `on` part (maybe misspelt) fails those checks, not the exercise.
        return [m, named.has(m) ? await gathered : await gathered.catch(noFacts)] as const;
      }),
    ),
  );
  for (const facts of factsOf.values()) facts.on = (m) => factsOf.get(batchOf(m)) ?? noFacts();
  const checks = specs.map((spec, i): CheckItemResult => {
    const v = judge(spec, factsOf.get(batchOf(spec.machine)) as Facts);
    const authored = v.authored ?? (v.passed ? spec.pass : spec.fail);
    const full = v.detail[lang] + (v.extra && !v.passed ? ` — ${v.extra}` : '');
    const message = authored?.[lang] ?? v.short?.[lang] ?? full;
    return {
      id: checkIdOf(spec, i),
      passed: v.passed,
      message,
      ...(message !== full ? { detail: full } : {}),
      points: spec.points ?? 1,
    };
  });
  const maxScore = checks.reduce((s, c) => s + c.points, 0);
  const score = checks.reduce((s, c) => s + (c.passed ? c.points : 0), 0);
  const durationMs = Math.round(performance.now() - started);
  return { passed: checks.every((c) => c.passed), checks, score, maxScore, durationMs };
}

/** What the learner's page receives: the checks without their author-facing `detail`. */
export function learnerView(outcome: CheckOutcome): CheckOutcome {
  return { ...outcome, checks: outcome.checks.map(({ detail: _, ...c }) => c) };
}
