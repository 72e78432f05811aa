import Dockerode from 'dockerode';
import { DEFAULT_LAB_SUBNETS, parseSubnetRange } from './lab-subnets.js';
import { ConfigError, type Config } from '../config.js';
import { DockerLabEvents } from './docker-events.js';
import { ImageBuilds } from './docker-image-builds.js';
import { allowedImages, buildAllImages, ensureBaseOs, termImage } from './docker-images.js';
import { resolveLabRuntime } from './docker-oci-runtime.js';
import { DockerRuntime } from './docker-runtime.js';
import { MAX_LAB_MACHINES, type Sandbox } from './sandbox-runtime.js';

/** What the Docker backend reads from the config; a caller may change `instance` to keep its labs apart. */
export type SandboxConfig = Pick<Config, 'dockerHost' | 'instance' | 'lab' | 'exercisesDir' | 'imagePrefix'> &
  Partial<Pick<Config, 'labSubnets' | 'machinesPerLab' | 'terminalGraceMs'>>;

const SCHEMES = 'unix:///path/to/docker.sock, tcp://host:port, http://host:port or https://host:port';

/**
 * DOCKER_HOST as dockerode options; undefined (dockerode's default: the local socket) when unset.
 * For tcp:// TLS is left to docker-modem, which reads DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like the CLI.
 */
export function dockerOptions(dockerHost: string | undefined): Dockerode.DockerOptions | undefined {
  const fail = (why: string) => new ConfigError(`DOCKER_HOST=${dockerHost}: ${why} (use ${SCHEMES})`);
  if (!dockerHost || dockerHost === 'unix://') return undefined;
  // docker-modem lays these over its own reading of DOCKER_HOST: an unset host would let a tcp one win.
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice(7), host: undefined };
  let url: URL;
  try {
    // No scheme means tcp, as for the docker CLI.
    url = new URL(dockerHost.includes('://') ? dockerHost : `tcp://${dockerHost}`);
  } catch {
    throw fail('not an address');
  }
  const { protocol, hostname: host, port } = url;
  if (protocol === 'tcp:') {
    if (!port) throw fail('tcp:// needs a port (Docker listens on 2375, or 2376 with TLS)');
    return { host, port };
  }
  if (protocol === 'http:') return { host, port, protocol: 'http' };
  if (protocol === 'https:') return { host, port, protocol: 'https' };
  throw fail(`unsupported scheme ${protocol}`);
}

/** The raw client on DOCKER_HOST, for tests and benches that look at containers from outside. */
export function dockerClient(dockerHost: string | undefined): Dockerode {
  return new Dockerode(dockerOptions(dockerHost));
}

/**
 * The Docker backend: one client for the runtime, the event watcher, the image builder and the OCI
 * runtime detection. Throws ConfigError for a DOCKER_HOST it cannot use; never contacts the engine itself.
 */
export function createSandbox(config: SandboxConfig, opts: { warn?: (msg: string) => void } = {}): Sandbox {
  const docker = dockerClient(config.dockerHost);
  const { instance: prefix, exercisesDir, imagePrefix } = config;
  // Read at every create, so the runtime resolved below applies to the labs created after it.
  const limits = { ...config.lab };
  const allowed = allowedImages(exercisesDir, imagePrefix);
  let resolving: Promise<unknown> | undefined;
  // One per sandbox: the statuses the routes read are those of the builds main.ts staged.
  const builds = new ImageBuilds({ docker, exercisesDir, prefix: imagePrefix });
  return {
    runtime: new DockerRuntime({
      docker,
      prefix,
      limits,
      beforeCreate: () => resolving ?? Promise.resolve(),
      allowedImages: allowed,
      labSubnets: parseSubnetRange(config.labSubnets ?? DEFAULT_LAB_SUBNETS),
      maxMachines: config.machinesPerLab ?? MAX_LAB_MACHINES,
      termImage: termImage(imagePrefix),
      // A held shell outlives its server by the grace a detached one gets, and at least a minute.
      terminalIdleSeconds: Math.max(60, Math.round((config.terminalGraceMs ?? 600_000) / 1000)),
      warn: opts.warn,
    }),
    events: new DockerLabEvents({ docker, prefix, memoryBytes: limits.memoryBytes, warn: opts.warn }),
    images: {
      ensureBaseOs: (log) => ensureBaseOs(imagePrefix, { docker, log }),
      buildAll: (log) => buildAllImages({ docker, exercisesDir, prefix: imagePrefix, log }),
      buildStaged: (plan, log) => builds.stage(plan, log),
      status: (env) => builds.status(env),
    },
    resolveRuntime() {
      const choosing = resolveLabRuntime(config.lab.runtime, docker).then((choice) => {
        limits.runtime = choice.runtime;
        return choice;
      });
      resolving = choosing.catch(() => undefined);
      return choosing;
    },
  };
}
