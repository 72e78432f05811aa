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
  /** Partial credit: weight of this check in the exercise score (default 1). */
  points?: number;
}

/**
 * A piece of shell run inside the lab as part of the one batched exec. Its stdout is captured (bounded)
 * together with its exit code. Probes with the same key run once per batch and are shared by checks.
 */
export interface Probe {
  key: string;
  /** Bash code. Runs in `bash -c` under `timeout`, unless `builtin` (pure bash builtins, in a subshell). */
  script: string;
  builtin?: boolean;
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
  /** Regular files whose content is needed (symlinks followed; at most 64 KiB). */
  reads?: string[];
  /** Paths whose metadata is needed (type, mode, link target), read from outside when the runtime can. */
  stats?: string[];
  /** Paths whose owner (uid/gid) is needed too. */
  ownerStats?: string[];
  probes?: Probe[];
}

export interface Facts {
  /** Content of a regular file (symlinks followed), or null when missing / not a regular file. */
  read(path: string): Buffer | null;
  /** Metadata of a path; follows symlinks unless `follow` is false. */
  stat(path: string, follow?: boolean): PathStat | null;
  /** Undefined when the probe's result was missing or could not be trusted. */
  probe(key: string): ProbeResult | undefined;
}

export interface Verdict {
  passed: boolean;
  /** A precise sentence describing what was found (used unless the author wrote pass/fail). */
  detail: Localized;
  /** Optional extra, e.g. the command output excerpt, shown after the message. */
  extra?: string;
}

export interface CheckKind<S extends { kind: string }> {
  kind: S['kind'];
  schema: z.ZodType<S>;
  plan(spec: S): Plan;
  evaluate(spec: S, facts: Facts): Verdict;
}
