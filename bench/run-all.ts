// `npm run bench`: every benchmark in turn (≈ 6–10 min on 2 cores, and class-rush's several more: a 60 s
// wait, two rushes, four floors); each prints its figures beside the Docker floor measured in the same run,
// then one Markdown table for docs/PERFORMANCE.md.
import { execFileSync } from 'node:child_process';
import { checkBatch } from './check-batch.js';
import { classBurst } from './class-burst.js';
import { classRush } from './class-rush.js';
import { demoWatchers } from './demo-watchers.js';
import { editorFiles } from './editor-files.js';
import { idleLabs } from './idle-labs.js';
import { keystrokeEcho } from './keystroke-echo.js';
import { multiMachine } from './multi-machine.js';
import { restart } from './restart.js';
import { machine, type Row } from './stats.js';
import { throughput } from './throughput.js';
import { timeToShell } from './time-to-shell.js';
import { twoEngines } from './two-engines.js';

const benches: [string, () => Promise<Row[]>][] = [
  ['time-to-shell', timeToShell],
  ['class-burst', classBurst],
  ['class-rush', classRush],
  ['check-batch', checkBatch],
  ['keystroke-echo', keystrokeEcho],
  ['demo-watchers', demoWatchers],
  ['editor-files', editorFiles],
  ['throughput', throughput],
  ['idle-labs', idleLabs],
  ['multi-machine', multiMachine],
  ['restart', restart],
  ['two-engines', twoEngines],
];

const only = process.argv.slice(2);
const rows: Row[] = [];
const started = Date.now();
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n# ${name}`);
  try {
    rows.push(...(await run()));
  } catch (err) {
    console.error(`${name} failed: ${(err as Error).stack}`);
    rows.push({ bench: name, measured: `FAILED: ${(err as Error).message}`, floor: '', target: '' });
  }
}
const load = execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');
console.log(`\n## ${new Date().toISOString().slice(0, 10)} — ${machine()}, load average ${load}`);
console.log(`npm run bench ${only.join(' ')} — ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
console.log('| what | measured (p50 / p95) | Docker floor, same run | target |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.bench} | ${r.measured} | ${r.floor} | ${r.target} |`);
process.exit(0);
