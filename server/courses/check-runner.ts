import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { Lang } from './course-registry.js';
import {
  CHECK_COMMAND,
  MAX_PROBE_OUTPUT,
  buildCheckScript,
  newNonce,
  parseCheckOutput,
} from './check-script.js';
import type { Facts, Plan, Probe, ProbeResult, Verdict } from './checks/check-kind.js';
import { checkIdOf, kindOf, type CheckSpec } from './checks/index.js';
import {
  canStatOutside,
  contentOf,
  inLabStatProbe,
  parseInLabStat,
  readAllOutside,
  readProbe,
  statAllOutside,
  type StatPair,
} from './lab-facts.js';
import { l } from './localized.js';

export interface CheckItemResult {
  id: string;
  passed: boolean;
  /** The author's message when given, else the generated precise one. */
  message: string;
  /** What was found, when the author's message replaced it (e.g. "mode is 644, expected 600"). */
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

interface Gathered {
  reads: Map<string, Buffer | null>;
  stats: Map<string, StatPair>;
  probes: Map<string, ProbeResult | undefined>;
}

async function runProbes(
  runtime: SandboxRuntime,
  labId: string,
  probes: Probe[],
): Promise<Map<string, ProbeResult | undefined>> {
  if (!probes.length) return new Map();
  const nonce = newNonce();
  const budgetS = probes.reduce((sum, p) => sum + (p.builtin ? 1 : (p.timeoutS ?? 3) + 1), 2);
  const res = await runtime.exec(labId, CHECK_COMMAND, {
    stdin: buildCheckScript(probes, nonce),
    timeoutMs: Math.min(budgetS, 60) * 1000,
    maxOutputBytes: probes.reduce((sum, p) => sum + (p.maxBytes ?? MAX_PROBE_OUTPUT) + 128, 4096),
  });
  const parsed = parseCheckOutput(res.stdout, nonce, probes.length);
  return new Map(probes.map((p, i) => [p.key, parsed[i]]));
}

export interface RunOptions {
  /**
   * Where file contents come from: 'batch' reads them inside the one exec with bash builtins (~0 ms
   * extra); 'outside' uses the archive API (not forgeable by a root learner, ~55 ms per file on Docker
   * 20.10). 'auto' (default): outside when the exercise needs no exec otherwise and reads at most one
   * file (cheaper than an exec), else batch. Metadata always comes from outside when the runtime can.
   */
  fileReads?: 'auto' | 'batch' | 'outside';
}

async function gather(
  runtime: SandboxRuntime,
  labId: string,
  plans: Plan[],
  opts: RunOptions,
): Promise<Gathered> {
  const reads = [...new Set(plans.flatMap((p) => p.reads ?? []))];
  const statPaths = [...new Set(plans.flatMap((p) => p.stats ?? []))];
  const owners = new Set(plans.flatMap((p) => p.ownerStats ?? []));
  const probes = new Map<string, Probe>();
  for (const probe of plans.flatMap((p) => p.probes ?? [])) probes.set(probe.key, probe);
  const outsideStat = canStatOutside(runtime);
  const mode = opts.fileReads ?? 'auto';
  const execNeeded = probes.size > 0 || (!outsideStat && statPaths.length > 0);
  const outsideReads = mode === 'outside' || (mode === 'auto' && !execNeeded && reads.length <= 1);
  if (!outsideReads) for (const path of reads) probes.set(readProbe(path).key, readProbe(path));
  const fallback = !outsideStat && statPaths.length ? inLabStatProbe(statPaths) : undefined;
  if (fallback) probes.set(fallback.key, fallback);
  const [readMap, statMap, probeMap] = await Promise.all([
    outsideReads ? readAllOutside(runtime, labId, reads) : Promise.resolve(new Map<string, Buffer | null>()),
    outsideStat
      ? statAllOutside(runtime, labId, statPaths, owners)
      : Promise.resolve(new Map<string, StatPair>()),
    runProbes(runtime, labId, [...probes.values()]),
  ]);
  if (!outsideReads)
    for (const path of reads) readMap.set(path, contentOf(probeMap.get(readProbe(path).key)));
  const stats = fallback ? parseInLabStat(statPaths, probeMap.get(fallback.key)) : statMap;
  return { reads: readMap, stats, probes: probeMap };
}

function factsOf(g: Gathered): Facts {
  return {
    read: (path) => g.reads.get(path) ?? null,
    stat: (path, follow = true) => {
      const pair = g.stats.get(path);
      return (follow ? pair?.stat : pair?.lstat) ?? null;
    },
    probe: (key) => g.probes.get(key),
  };
}

function judge(spec: CheckSpec, facts: Facts): Verdict {
  try {
    return kindOf(spec).evaluate(spec, facts);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { passed: false, detail: l(`Vérification impossible : ${why}`, `Check failed to run: ${why}`) };
  }
}

/** Runs every check of one exercise against a running lab: outside metadata + one batched exec. */
export async function runExerciseChecks(
  runtime: SandboxRuntime,
  labId: string,
  specs: readonly CheckSpec[],
  lang: Lang,
  opts: RunOptions = {},
): Promise<ExerciseResult> {
  const started = performance.now();
  const plans = specs.map((s) => kindOf(s).plan(s));
  const facts = factsOf(await gather(runtime, labId, plans, opts));
  const checks = specs.map((spec, i): CheckItemResult => {
    const v = judge(spec, facts);
    const authored = v.passed ? spec.pass : spec.fail;
    const generated = v.detail[lang] + (v.extra && !v.passed ? ` — ${v.extra}` : '');
    return {
      id: checkIdOf(spec, i),
      passed: v.passed,
      message: authored ? authored[lang] : generated,
      ...(authored ? { detail: generated } : {}),
      points: spec.points ?? 1,
    };
  });
  const maxScore = checks.reduce((s, c) => s + c.points, 0);
  const score = checks.reduce((s, c) => s + (c.passed ? c.points : 0), 0);
  const durationMs = Math.round(performance.now() - started);
  return { passed: checks.every((c) => c.passed), checks, score, maxScore, durationMs };
}
