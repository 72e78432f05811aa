// The raw Docker client for tests and benches that look at containers from outside the runtime: on the
// engine the server under test talks to (DOCKER_HOST, as the config reads it).
import { loadConfig } from '../../server/config.js';
import { dockerClient } from '../../server/sandbox/docker-sandbox.js';

export const docker = dockerClient(loadConfig().dockerHost);
