/** `#@machine db` on a line of its own switches a solution to that machine for the lines after it. */
const SWITCH = /^#@machine[ \t]+(\S+)[ \t]*$/;

export interface SolutionSegment {
  machine: string;
  script: string;
}

/** A solution cut into the parts each machine runs, in order (blank parts dropped). */
export function solutionSegments(solution: string, firstMachine: string): SolutionSegment[] {
  const segments: SolutionSegment[] = [];
  let current: SolutionSegment = { machine: firstMachine, script: '' };
  for (const line of solution.split('\n')) {
    const m = SWITCH.exec(line);
    if (!m) {
      current.script += `${line}\n`;
      continue;
    }
    segments.push(current);
    current = { machine: m[1] as string, script: '' };
  }
  segments.push(current);
  return segments.filter((s) => s.script.trim() !== '');
}
