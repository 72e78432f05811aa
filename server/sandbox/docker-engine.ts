import type Dockerode from 'dockerode';
import type { LabLimits } from '../config.js';
import { engineAddress, engineClient } from './docker-engine-client.js';
import { DockerLabEvents } from './docker-events.js';
import { copyImage } from './docker-image-copy.js';
import { ImageBuilds } from './docker-image-builds.js';
import {
  buildAllImages,
  buildPlanned,
  ensureBaseOs,
  planImages,
  termImage,
  type BuildOptions,
  type Log,
} from './docker-images.js';
import { resolveLabRuntime } from './docker-oci-runtime.js';
import { DockerRuntime } from './docker-runtime.js';
import type { EngineConfig } from './engine-types.js';
import type { FleetMember } from './fleet-runtime.js';
import { parseSubnetRange, type SubnetRange } from './lab-subnets.js';
import type { RuntimeChoice, StagedBuild } from './sandbox-runtime.js';

export interface EngineSettings {
  prefix: string;
  imagePrefix: string;
  exercisesDir: string;
  limits: LabLimits;
  ociRuntime: string;
  allowedImages: ReadonlySet<string>;
  labSubnets: SubnetRange;
  maxMachines: number;
  terminalIdleSeconds: number;
  warn?: (msg: string) => void;
}

/** One Docker Engine's parts: its runtime, events and images, on one client. */
export interface DockerMember extends FleetMember {
  docker: Dockerode;
  resolveRuntime(): Promise<RuntimeChoice>;
  ensureBaseOs(log: Log): Promise<void>;
  buildStaged(plan: { first: string[]; order: string[] }, log: Log): Promise<StagedBuild>;
  buildAll(log: Log): Promise<{ image: string; built: boolean }[]>;
}

/**
 * The parts of one engine. `peers` are the other engines: an image missing here is copied from one that
 * has it with the same content hash (`docker save | docker load`), and built here only when none has.
 */
export function dockerMember(
  engine: EngineConfig,
  s: EngineSettings,
  peers: () => DockerMember[],
  onClose: () => void,
): DockerMember {
  const docker = engineClient(engine);
  // Read at every create: the OCI runtime resolved for this engine applies to the labs made after it.
  const limits = { ...s.limits };
  let resolving: Promise<unknown> | undefined;
  const tag = (log: Log): Log => (peers().length ? (line) => log(`[${engine.name}] ${line}`) : log);
  const opts = { docker, exercisesDir: s.exercisesDir, prefix: s.imagePrefix };
  const copyOrBuild: typeof buildPlanned = async (o: BuildOptions, p, onStep) => {
    for (const peer of peers())
      if (await copyImage(peer.docker, docker, p.env.image, p.hash).catch(() => false)) {
        o.log(`${p.env.image} copied from engine ${peer.config.name} (${p.hash.slice(0, 12)})`);
        return;
      }
    await buildPlanned(o, p, onStep);
  };
  const builds = new ImageBuilds(opts, { plan: planImages, build: copyOrBuild });
  let lastPlan: { plan: { first: string[]; order: string[] }; log: Log } | undefined;
  // Back from an outage, its images are unknown (it may have come back empty) until they are planned again.
  let replanning = false;
  const runtime = new DockerRuntime({
    docker,
    prefix: s.prefix,
    limits,
    beforeCreate: () => resolving ?? Promise.resolve(),
    allowedImages: s.allowedImages,
    labSubnets: engine.labSubnets ? parseSubnetRange(engine.labSubnets) : s.labSubnets,
    maxMachines: s.maxMachines,
    termImage: termImage(s.imagePrefix),
    terminalIdleSeconds: s.terminalIdleSeconds,
    warn: s.warn,
  });
  const member: DockerMember = {
    config: engine,
    address: engineAddress(engine),
    docker,
    runtime,
    events: new DockerLabEvents({
      docker,
      prefix: s.prefix,
      memoryBytes: limits.memoryBytes,
      warn: s.warn,
      onClose,
    }),
    images: {
      status: (env) => (replanning ? { state: 'queued', position: 1 } : builds.status(env)),
      counts: () => (replanning ? { ready: 0, total: builds.counts().total } : builds.counts()),
    },
    resolveRuntime() {
      const choosing = resolveLabRuntime(s.ociRuntime, docker).then((choice) => {
        limits.runtime = choice.runtime;
        return choice;
      });
      resolving = choosing.catch(() => undefined);
      return choosing;
    },
    async ensureBaseOs(log) {
      const base = `${s.imagePrefix}/os:bookworm`;
      for (const peer of peers()) if (await copyImage(peer.docker, docker, base).catch(() => false)) return;
      await ensureBaseOs(s.imagePrefix, { docker, log: tag(log) });
    },
    buildStaged(plan, log) {
      lastPlan = { plan, log };
      return builds.stage(plan, tag(log));
    },
    buildAll: (log) => buildAllImages({ ...opts, log: tag(log) }, copyOrBuild),
    recovered(labIds) {
      runtime.engineRestarted(labIds);
      if (!lastPlan) return;
      const { plan, log } = lastPlan;
      replanning = true;
      void member
        .ensureBaseOs(log)
        .then(() => builds.stage(plan, tag(log)))
        .finally(() => (replanning = false))
        .then((staged) => staged.rest())
        .catch((err: unknown) => s.warn?.(`images on engine ${engine.name}: ${(err as Error).message}`));
    },
  };
  return member;
}
