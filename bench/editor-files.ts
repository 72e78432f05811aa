// The file editor: open and save of a 100 KiB configuration file in a running lab, through the HTTP API of
// the real server (its own process, as deployed: GET /api/labs/:id/file, PUT with If-Match) and through the
// sandbox port directly from this process (runtime.openFile / saveFile: a request to the machine's file
// server, without HTTP); beside the Docker floor on the same lab (an API exec of `true`), measured between
// them and alone before and after (this machine's speed drifts within minutes).
// Run: npm run build:server && npx tsx bench/editor-files.ts (RUNS, default 50: the server allows 300 file
// operations per user and minute, and a run makes 2 × (RUNS + 3) of them in well under a minute).
import { loadConfig } from '../server/config.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';
import { docker } from '../test/support/docker-client.js';
import { fileClient } from '../test/support/file-client.js';
import { benchLearner } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { execFloor } from './floors.js';
import { fmt, machine, p50p95, summary, type Row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 50);
const WARMUP = 3;
const COURSE = 'premiers-pas';
const PATH = '/etc/atelier-bench.conf';
const KiB = 1024;
/** ~100 KiB of configuration lines; `n` changes one line, so each save writes new content. */
const content = (n: number) => {
  const line = (i: number) => `option_${String(i).padStart(5, '0')} = "une valeur de configuration" # ${n}\n`;
  let text = '';
  for (let i = 0; text.length < 100 * KiB - 80; i++) text += line(i);
  return text.padEnd(100 * KiB, '#');
};

export async function editorFiles(): Promise<Row[]> {
  const server = await benchServer();
  const { runtime } = createSandbox({ ...loadConfig(), instance: server.instance });
  try {
    const l = await benchLearner(server.url, 'editrice');
    const lab = await l.http.post('/api/labs', { courseId: COURSE });
    if (lab.status !== 200) throw new Error(`POST /api/labs: ${lab.status} ${JSON.stringify(lab.body)}`);
    const labId = lab.body.id as string;
    l.socket.disconnect();
    const files = fileClient(server.url, () => l.http.cookie, labId);
    let version = '';
    const check = (r: { status: number; body: { version?: string } }, what: string) => {
      if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      version = r.body.version!;
    };
    check(await files.save(PATH, content(0), { expect: 'new' }), 'create');
    const container = docker.getContainer((await runtime.poll(labId)).containerId!);

    // Warm-up, then rounds of one of each (the floor among them): a drift of the machine's speed lands
    // on every series alike; the floor also alone before and after.
    const ops: [number[], (i: number) => Promise<void>][] = [
      [[], async () => void (await execFloor(container, 1))],
      [
        [],
        async () => {
          const r = await files.open(PATH);
          if (r.body.content?.length !== 100 * KiB) throw new Error(`open: ${r.status}`);
          check(r, 'open');
        },
      ],
      [[], async (i) => check(await files.save(PATH, content(i), { expect: version }), 'save')],
      [
        [],
        async () => {
          const opened = await runtime.openFile(labId, PATH);
          if (opened.content.length !== 100 * KiB) throw new Error('open: short');
          version = opened.file.version;
        },
      ],
      [
        [],
        async (i) => {
          const body = Buffer.from(content(1000 + i));
          version = (await runtime.saveFile(labId, PATH, body, { expect: version })).file.version;
        },
      ],
    ];
    const floorA = await execFloor(container, RUNS);
    for (let i = -WARMUP; i < RUNS; i++)
      for (const [times, op] of ops) {
        const t0 = performance.now();
        await op(i);
        if (i >= 0) times.push(performance.now() - t0);
      }
    const floorB = await execFloor(container, RUNS);
    const [floor, httpOpen, httpSave, portOpen, portSave] = ops.map(([times]) => times) as [
      number[],
      number[],
      number[],
      number[],
      number[],
    ];

    const f = summary(floor);
    const times = (xs: number[]) =>
      `${(summary(xs).p50 / f.p50).toFixed(2)}× / ${(summary(xs).p95 / f.p95).toFixed(2)}×`;
    const floorText = `API exec \`true\` ${p50p95(floor)} (before ${p50p95(floorA)} · after ${p50p95(floorB)})`;
    console.log(`editor files (100 KiB, ${RUNS} runs each after ${WARMUP} warm-ups), ${machine()}`);
    console.log(
      `  HTTP GET …/file:       ${p50p95(httpOpen)} (p50 / p95), ${times(httpOpen)} the floor (p50 / p95)`,
    );
    console.log(`  HTTP PUT …/file:       ${p50p95(httpSave)}, ${times(httpSave)}`);
    console.log(`  runtime.openFile:      ${p50p95(portOpen)}, ${times(portOpen)}`);
    console.log(`  runtime.saveFile:      ${p50p95(portSave)}, ${times(portSave)}`);
    console.log(`  floor: ${floorText}`);
    return [
      {
        bench: 'editor: open a 100 KiB file, HTTP GET / sandbox port',
        measured: `${p50p95(httpOpen)} (${times(httpOpen)} floor) · ${p50p95(portOpen)}`,
        floor: floorText,
        target: `p95 ≤ 150 ms ${summary(httpOpen).p95 <= 150 ? '✔' : '✘'}`,
      },
      {
        bench: 'editor: save a 100 KiB file, HTTP PUT / sandbox port',
        measured: `${p50p95(httpSave)} (${times(httpSave)} floor) · ${p50p95(portSave)}`,
        floor: `same, between them ${fmt(f.p50)} / ${fmt(f.p95)}`,
        target: `p95 ≤ 150 ms ${summary(httpSave).p95 <= 150 ? '✔' : '✘'}`,
      },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await editorFiles();
