import type { z } from 'zod';
import type { PathStat } from '../../sandbox/sandbox-runtime.js';
import type { Localized } from '../localized.js';

/** Metadata every check accepts, whatever its kind. */
export interface CheckMeta {
  /** Stable id within the exercise (kebab-case). Defaults to `<kind>-<position>`. */
  id?: string;
  /** Message shown when the check passes; defaults to a precise generated sentence. */
  pass?: Localized;
  /** Message shown when the check fails; defaults to a precise generated sentence (what was found). */
  fail?: Localized;
  /**
   * What the check verifies, in the learner's words, shown before any check runs (« nginx est installé »).
   * Default: worded from the check's arguments (criteria.ts); a command check must say it.
   */
  label?: Localized;
  /** Partial credit: weight of this check in the exercise score (default 1). */
  points?: number;
  /** The machine of a multi-machine lab the check runs on (default: the course's first machine). */
  machine?: string;
}

/**
 * A piece of shell run in one of the two batches of a check (check-script.ts). Its stdout is captured
 * (bounded) together with its exit code. Probes with the same key run once per batch and are shared.
 */
export interface Probe {
  key: string;
  /** Bash code. Runs in `bash -c` under `timeout`, unless `builtin` (in a subshell of the batch's shell). */
  script: string;
  builtin?: boolean;
  /**
   * 'grader' (default): in the lab's grader, with our own tools and the lab's root at `$R`. 'lab': inside
   * the lab with the lab's own programs (command checks only: a root learner can fake those).
   */
  site?: 'grader' | 'lab';
  timeoutS?: number;
  /** Output kept (default 64 KiB). */
  maxBytes?: number;
  /** Run as this user (runuser), root by default. */
  user?: string;
}

export interface ProbeResult {
  exitCode: number;
  output: string;
}

/** What a check needs to know before it can decide. */
export interface Plan {
  /** Regular files whose content is needed (symlinks resolved inside the lab's root; at most 1 MiB). */
  reads?: string[];
  /** Paths whose metadata is needed (type, mode, owner, link target). */
  stats?: string[];
  /**
   * Glob patterns (`*`, `?`, `[...]` within a component) expanded inside the lab's root; each match's
   * metadata (and content when `content`) is then available through `stat` / `read`.
   */
  globs?: { pattern: string; content?: boolean }[];
  probes?: Probe[];
  /**
   * What the check needs from other machines of the lab (a CA file on `ca`, `web`'s address): gathered in
   * that machine's own grader batch, read back with `Facts.on(machine)`.
   */
  on?: Record<string, Plan>;
}

/** A path's metadata, with its hard-link count when the grader read it. */
export type LabStat = PathStat & { links?: number };

export interface Facts {
  /**
   * Content of a regular file (symlinks followed), or null when missing / not a regular file; throws
   * FileTooLarge past the bound (the check then says so).
   */
  read(path: string): Buffer | null;
  /** Metadata of a path; follows symlinks unless `follow` is false. */
  stat(path: string, follow?: boolean): LabStat | null;
  /** The lab paths a planned glob matched (bash's order), or undefined when they could not be listed. */
  glob(pattern: string): string[] | undefined;
  /** Undefined when the probe's result was missing or could not be trusted. */
  probe(key: string): ProbeResult | undefined;
  /** The facts of another machine of the lab (its part of the plan's `on`); empty when it is unknown. */
  on(machine: string): Facts;
}

export interface Verdict {
  passed: boolean;
  /** A precise sentence on what was found; learners see it unless `short` or pass/fail replaces it. */
  detail: Localized;
  /** Optional extra for authors, e.g. the command output excerpt, appended to the detail. */
  extra?: string;
  /**
   * The sentence learners see when `detail` is for authors only (a command check's script and output);
   * without it learners see `detail`.
   */
  short?: Localized;
  /** An author's message chosen by the check itself (per-answer feedback); beats `pass` / `fail`. */
  authored?: Localized;
}

export interface CheckKind<S extends { kind: string }> {
  kind: S['kind'];
  schema: z.ZodType<S>;
  plan(spec: S): Plan;
  evaluate(spec: S, facts: Facts): Verdict;
}
