// 60 idle labs, each with an open terminal at its prompt: the server's RSS and the host memory a lab
// costs: the drop in MemAvailable / 60 (noisy on a shared machine), and its parts summed (container
// cgroup + containerd shim PSS + the server's share).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { instanceContainers } from '../test/support/instance-containers.js';
import { benchLearner, startAndOpen, type BenchLearner } from './bench-learner.js';
import { benchServer } from './bench-server.js';
import { machine, memAvailableMiB, rssMiB, sleep, type Row } from './stats.js';

const LABS = Number(process.env.LABS ?? 60);
const PARALLEL = 6;

/** cgroup v1 (cgroupfs driver) memory usage of a container, MiB; NaN when not readable here. */
function cgroupMiB(containerId: string): number {
  const file = `/sys/fs/cgroup/memory/docker/${containerId}/memory.usage_in_bytes`;
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) / 2 ** 20 : NaN;
}

/** Proportional memory (PSS) of the containerd shim running a container, MiB; NaN when not found. */
function shimPssMiB(containerId: string, ps: string[]): number {
  const line = ps.find((l) => l.includes('containerd-shim') && l.includes(`-id ${containerId}`));
  const file = `/proc/${line?.trim().split(' ')[0]}/smaps_rollup`;
  if (!line || !existsSync(file)) return NaN;
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(file, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const mean = (v: number[]) => {
  const ok = v.filter((x) => !Number.isNaN(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
};

/** MemAvailable moves with everything else on the machine: the median of a few samples. */
async function memAvailableMedian(): Promise<number> {
  const v: number[] = [];
  for (let i = 0; i < 5; i++) {
    v.push(memAvailableMiB());
    await sleep(200);
  }
  return v.sort((a, b) => a - b)[2]!;
}

async function measure() {
  const server = await benchServer();
  const learners: BenchLearner[] = [];
  try {
    await sleep(3_000);
    const mem0 = await memAvailableMedian();
    const rss0 = rssMiB(server.pid);
    for (let i = 0; i < LABS; i += PARALLEL) {
      const n = Math.min(PARALLEL, LABS - i);
      const batch = await Promise.all(
        Array.from({ length: n }, (_, k) => benchLearner(server.url, `idle${i + k}`)),
      );
      await Promise.all(batch.map((l) => startAndOpen(l)));
      learners.push(...batch);
    }
    await sleep(10_000); // let everything settle into idleness
    const mem1 = await memAvailableMedian();
    const rss = rssMiB(server.pid);
    const containers = await instanceContainers(server.instance);
    const ps = execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n');
    return {
      rss0,
      rss,
      memDrop: (mem0 - mem1) / LABS,
      cgroup: mean(containers.map((c) => cgroupMiB(c.id))),
      shim: mean(containers.map((c) => shimPssMiB(c.id, ps))),
      server: (rss - rss0) / LABS,
    };
  } finally {
    learners.forEach((l) => l.socket.disconnect());
    await server.stop();
  }
}

export async function idleLabs(): Promise<Row[]> {
  const r = await measure();
  const sum = r.cgroup + r.shim + Math.max(0, r.server);
  const f = (v: number) => v.toFixed(1);
  console.log(`idle labs: ${LABS} labs with an open terminal, ${machine()}`);
  console.log(`  server RSS ${r.rss0.toFixed(0)} MiB before → ${r.rss.toFixed(0)} MiB with ${LABS} labs`);
  console.log(`  host MemAvailable drop per lab: ${f(r.memDrop)} MiB (shared machine: noisy)`);
  console.log(
    `  per lab: cgroup ${f(r.cgroup)} + shim PSS ${f(r.shim)} + server ${f(r.server)} = ${f(sum)} MiB`,
  );
  return [
    {
      bench: `${LABS} idle labs with an open terminal`,
      measured:
        `server RSS ${r.rss.toFixed(0)} MiB (${r.rss0.toFixed(0)} before); per lab ${f(sum)} MiB ` +
        `(MemAvailable drop ${f(r.memDrop)} MiB)`,
      floor: `container cgroup ${f(r.cgroup)} + shim PSS ${f(r.shim)} MiB`,
      target: 'RSS ≤ 300 MB; ≤ 10 MiB per lab',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await idleLabs();
