import fs from 'node:fs';
import Dockerode from 'dockerode';
import { ConfigError } from '../config.js';
import type { EngineConfig } from './engine-types.js';

/**
 * A Docker client for one configured engine: the local socket (or DOCKER_HOST), tcp:// with mutual TLS
 * (the certificates are read now, so a missing file is a start-up error), or ssh:// (the remote runs
 * `docker system dial-stdio`, so it needs the docker CLI and the user in the docker group).
 */
export function engineClient(engine: EngineConfig): Dockerode {
  const url = new URL(engine.url);
  if (url.protocol === 'tcp:' && engine.tls) {
    const read = (what: 'ca' | 'cert' | 'key') => {
      try {
        return fs.readFileSync(engine.tls![what]);
      } catch (err) {
        throw new ConfigError(`engine ${engine.name}: tls.${what}: ${(err as Error).message}`);
      }
    };
    const [ca, cert, key] = [read('ca'), read('cert'), read('key')];
    return new Dockerode({ protocol: 'https', host: url.hostname, port: url.port, ca, cert, key });
  }
  if (url.protocol === 'ssh:') {
    if (!engine.ssh)
      throw new ConfigError(
        `engine ${engine.name}: ${engine.url} needs the engine's host key: list it in ATELIER_ENGINES with ssh: {hostKey}`,
      );
    const privateKey = engine.ssh?.key ? readKey(engine) : undefined;
    return new Dockerode({
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      username: decodeURIComponent(url.username),
      sshOptions: {
        ...(privateKey ? { privateKey } : { agent: process.env.SSH_AUTH_SOCK }),
        hostVerifier: sshHostVerifier(engine.ssh?.hostKey),
      },
    } as Dockerode.DockerOptions);
  }
  return new Dockerode(dockerOptions(engine.url));
}

/** Accepts exactly the configured host key (ssh2 would accept any host without a verifier). */
export function sshHostVerifier(hostKey: string | undefined): (key: Buffer) => boolean {
  const expected = hostKey ? Buffer.from(hostKey.split(' ')[1] ?? '', 'base64') : undefined;
  return (key) => !!expected && expected.length > 0 && key.equals(expected);
}

function readKey(engine: EngineConfig): Buffer {
  try {
    return fs.readFileSync(engine.ssh!.key!);
  } catch (err) {
    throw new ConfigError(`engine ${engine.name}: ssh.key: ${(err as Error).message}`);
  }
}

/** The engine's URL without credentials, for the admin and the log. */
export function engineAddress(engine: EngineConfig): string {
  const url = new URL(engine.url);
  url.password = '';
  return url.toString().replace(/\/$/, '');
}

const SCHEMES =
  'unix:///path/to/docker.sock, tcp://host:port, http://host:port, https://host:port or ssh://user@host';

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
