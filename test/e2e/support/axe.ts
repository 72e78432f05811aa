import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * The axe-core audit of the page as it is: serious and critical violations (plus the rules in `also`), one
 * line per element, `within`: only elements whose selector names it (e.g. `at-terminal`). Empty: it passed.
 */
export async function axeProblems(
  page: Page,
  opts: { also?: string[]; within?: string } = {},
): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document): Promise<{ violations: Violation[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || opts.also?.includes(v.id))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}): ${JSON.stringify(n.target)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`,
      ),
    )
    .filter((line) => !opts.within || line.includes(opts.within));
}
