// The state of each criterion of an exercise (what will be checked), from the check results the page
// received. Kept per exercise by the course view and emptied when the machine is recreated (reset,
// catch-up, restore): a new machine has checked nothing yet.
import type { CheckItem, Criterion } from './types.js';

export type CriterionState = 'unknown' | 'met' | 'unmet';

/** What the last results said of each check of one exercise, by check id. */
export type CriterionMarks = ReadonlyMap<string, { passed: boolean; message: string }>;

export interface ShownCriterion extends Criterion {
  state: CriterionState;
  /** Why it is not met (the check's message), for a criterion not met. */
  hint?: string;
}

/**
 * The marks after one result. A result the learner asked for (Vérifier) says everything. An automatic
 * one only brings good news: a check it found passing is met; a failing one stays « not met » if it
 * already was (the hint is still true), else goes back to « not checked yet » (never an unasked ✗,
 * never a stale ✓).
 */
export function withResult(
  prev: CriterionMarks | undefined,
  checks: readonly CheckItem[],
  auto: boolean,
): CriterionMarks {
  const next = new Map(auto ? prev : undefined);
  for (const c of checks) {
    if (!auto || c.passed) next.set(c.id, { passed: c.passed, message: c.message });
    else if (prev?.get(c.id)?.passed) next.delete(c.id);
  }
  return next;
}

/** An exercise's criteria with their states, in the course's order. */
export function shownCriteria(
  criteria: readonly Criterion[],
  marks: CriterionMarks | undefined,
): ShownCriterion[] {
  return criteria.map((c) => {
    const mark = marks?.get(c.id);
    if (!mark) return { ...c, state: 'unknown' };
    return mark.passed ? { ...c, state: 'met' } : { ...c, state: 'unmet', hint: mark.message };
  });
}
