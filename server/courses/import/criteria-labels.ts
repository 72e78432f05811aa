// Criteria for the checks an import writes (see server/courses/criteria.ts): a course is refused at load
// when a check would show learners a command or a program path. Such a check gets the step as its label
// (« Étape « … » réussie »), for the author to rewrite; the import report says so.
import { check } from '../checks/index.js';
import type { CheckSpec } from '../checks/index.js';
import { labelNeeded } from '../criteria.js';
import { tsValue } from './ts-source.js';

/** `check.x(…)` source with `label` added: into its last options object, or as a new one. */
export function withStepLabel(source: string, stepTitle: string, n?: number): string {
  const title = stepTitle.replace(/\s*\n\s*/g, ' ').trim();
  const fr = n === undefined ? `Étape « ${title} » réussie` : `Étape « ${title} » : vérification ${n}`;
  const en = n === undefined ? `Step "${title}" done` : `Step "${title}": check ${n}`;
  const label = `label: { fr: ${tsValue(fr)}, en: ${tsValue(en)} }`;
  return source.endsWith('})')
    ? `${source.slice(0, -2)}, ${label} })`
    : `${source.slice(0, -1)}, { ${label} })`;
}

/** The compiled checks, each one whose default criterion would show an implementation detail labelled. */
export function labelledWhereNeeded(
  sources: readonly string[],
  stepTitle: string,
): { checks: string[]; count: number } {
  let count = 0;
  const checks = sources.map((source, i) => {
    if (!needsLabel(source)) return source;
    count++;
    return withStepLabel(source, stepTitle, i + 1);
  });
  return { checks, count };
}

/** Evaluates the import's own generated source (literals only, written by tsValue) to judge its criterion. */
function needsLabel(source: string): boolean {
  try {
    const spec = new Function('check', `return ${source}`)(check) as CheckSpec;
    return labelNeeded(spec) !== undefined;
  } catch {
    return false; // not a check we can judge here: the course load will say what is wrong
  }
}
