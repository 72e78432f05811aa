import Dockerode from 'dockerode';
import type { Config } from '../config.js';
import { dockerOptions } from './docker-engine-client.js';
import { dockerMember, type DockerMember } from './docker-engine.js';
import { allowedImages } from './docker-images.js';
import { localEngine } from './engine-config.js';
import { FleetRuntime } from './fleet-runtime.js';
import { DEFAULT_LAB_SUBNETS, parseSubnetRange } from './lab-subnets.js';
import { MAX_LAB_MACHINES, type RuntimeChoice, type Sandbox } from './sandbox-runtime.js';

export { dockerOptions } from './docker-engine-client.js';

/** What the Docker backend reads from the config; a caller may change `instance` to keep its labs apart. */
export type SandboxConfig = Pick<Config, 'dockerHost' | 'instance' | 'lab' | 'exercisesDir' | 'imagePrefix'> &
  Partial<Pick<Config, 'labSubnets' | 'machinesPerLab' | 'terminalGraceMs' | 'engines'>>;

/** The raw client on DOCKER_HOST, for tests and benches that look at containers from outside. */
export function dockerClient(dockerHost: string | undefined): Dockerode {
  return new Dockerode(dockerOptions(dockerHost));
}

/**
 * The Docker backend: for each engine (ATELIER_ENGINES, else DOCKER_HOST alone) one client for its
 * runtime, event watcher, image builder and OCI runtime detection, behind one fleet that places and routes
 * labs. Throws ConfigError for an engine it cannot use; never contacts an engine itself.
 */
export function createSandbox(config: SandboxConfig, opts: { warn?: (msg: string) => void } = {}): Sandbox {
  const { exercisesDir, imagePrefix } = config;
  const settings = {
    prefix: config.instance,
    imagePrefix,
    exercisesDir,
    limits: config.lab,
    ociRuntime: config.lab.runtime,
    allowedImages: allowedImages(exercisesDir, imagePrefix),
    labSubnets: parseSubnetRange(config.labSubnets ?? DEFAULT_LAB_SUBNETS),
    maxMachines: config.machinesPerLab ?? MAX_LAB_MACHINES,
    // A held shell outlives its server by the grace a detached one gets, and at least a minute.
    terminalIdleSeconds: Math.max(60, Math.round((config.terminalGraceMs ?? 600_000) / 1000)),
    warn: opts.warn,
  };
  const engines = config.engines ?? [localEngine(config.dockerHost)];
  // Each engine's peers (to copy images from) and its fleet (told when its event stream closes), once made.
  const members: DockerMember[] = [];
  const suspect = (name: string) => fleet.suspect(name);
  for (const engine of engines)
    members.push(
      dockerMember(
        engine,
        settings,
        () => members.filter((x) => x.config !== engine),
        () => suspect(engine.name),
      ),
    );
  const image = `${imagePrefix}/`;
  const fleet = new FleetRuntime(members, {
    labMemoryBytes: config.lab.memoryBytes,
    envOf: (name) => (name.startsWith(image) ? name.slice(image.length).split(':')[0]! : name),
    warn: opts.warn,
  });
  const [first] = members as [DockerMember, ...DockerMember[]];
  return {
    runtime: fleet,
    events: fleet.events,
    engines: fleet,
    images: {
      // The first engine makes what the others then copy.
      async ensureBaseOs(log) {
        for (const m of members) await m.ensureBaseOs(log);
      },
      async buildAll(log) {
        const built = await first.buildAll(log);
        for (const m of members.slice(1)) await m.buildAll(log);
        return built;
      },
      async buildStaged(plan, log) {
        const staged = [await first.buildStaged(plan, log)];
        for (const m of members.slice(1)) staged.push(await m.buildStaged(plan, log));
        return { rest: async () => void (await Promise.all(staged.map((x) => x.rest()))) };
      },
      // Ready when an engine that answers has it (placement only uses engines where it is ready).
      status(env) {
        const usable = fleet.status().filter((v) => v.state !== 'down');
        const ready = members.find(
          (m) => usable.some((v) => v.name === m.config.name) && m.images.status(env).state === 'ready',
        );
        return ready ? { state: 'ready' } : first.images.status(env);
      },
    },
    async resolveRuntime(): Promise<RuntimeChoice> {
      const choices = await Promise.all(members.map((m) => m.resolveRuntime()));
      const note =
        members.length > 1
          ? choices.map((c, i) => `${members[i]!.config.name}: ${c.note}`).join('; ')
          : choices[0]!.note;
      return { runtime: choices[0]!.runtime, note };
    },
  };
}
