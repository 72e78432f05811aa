// The second real Docker Engine the multi-engine tests use (test/support/second-engine.ts): mutual TLS,
// an image copied from the default engine, a container run there, a kill and a restart.
import { existsSync, readFileSync } from 'node:fs';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecondEngine, startSecondEngine } from '../support/second-engine.js';

const IMAGE = 'atelier/term:latest';
// The default engine's bridge: a dockerd restarting with an address pool would delete it by name.
const DOCKER0 = '/sys/class/net/docker0';
const hadDocker0 = existsSync(DOCKER0);
let engine: SecondEngine;

beforeAll(async () => {
  engine = await startSecondEngine({ name: 'smoke' });
});
afterAll(async () => {
  await engine?.stop();
});

/** Waits for a container's main process to end and returns what it printed (json-file log). */
async function output(container: Dockerode.Container): Promise<{ code: number; text: string }> {
  const { StatusCode } = await container.wait();
  const logs = await container.logs({ stdout: true, stderr: true });
  return { code: StatusCode, text: logs.toString('latin1') };
}

describe('second Docker Engine', () => {
  it('answers over mutual TLS only, on loopback, with no unix socket of its own', async () => {
    const version = await engine.docker().version();
    expect(version.Version).toMatch(/^\d+\./);
    const { port } = new URL(engine.url.replace('tcp:', 'https:'));
    const noCert = new Dockerode({
      protocol: 'https',
      host: '127.0.0.1',
      port,
      ca: readFileSync(engine.tls.ca),
    });
    await expect(noCert.version()).rejects.toThrow();
    const plain = new Dockerode({ protocol: 'http', host: '127.0.0.1', port });
    await expect(plain.version()).rejects.toThrow();
    const listens = readFileSync(`${engine.dir}/dockerd.log`, 'utf8').match(/API listen on [^"\s]+/g);
    expect(listens).toEqual([`API listen on 127.0.0.1:${port}`]);
    expect(engine.engineConfig()).toMatchObject({ name: 'smoke', url: engine.url, tls: engine.tls });
  });

  it('runs a container from an image copied from the default engine', async () => {
    const docker = engine.docker();
    await docker
      .loadImage(await new Dockerode().getImage(IMAGE).get())
      .then(
        (progress) =>
          new Promise((resolve, reject) =>
            docker.modem.followProgress(progress, (e) => (e ? reject(e) : resolve(e))),
          ),
      );
    const container = await docker.createContainer({
      Image: IMAGE,
      Cmd: ['/.atelier/atelier-file', 'ls', '/', '100'],
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    expect(await output(container)).toMatchObject({ code: 0, text: expect.stringContaining('.atelier') });
    await container.remove();
  });

  it('stops answering when killed and brings its containers back when started again', async () => {
    const docker = engine.docker();
    // A network as a multi-machine lab has one: its bridge must go at teardown too.
    const network = await docker.createNetwork({
      Name: 'smoke-net',
      Internal: true,
      IPAM: { Config: [{ Subnet: '10.215.0.0/28' }] },
    });
    // stdin held open: the file server waits for requests and lives on.
    const container = await docker.createContainer({
      Image: IMAGE,
      Cmd: ['/.atelier/atelier-file', 'serve'],
      OpenStdin: true,
      HostConfig: { NetworkMode: network.id, RestartPolicy: { Name: 'unless-stopped' } },
    });
    await container.start();
    await engine.kill();
    const t0 = Date.now();
    await expect(docker.version()).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1_000);
    await engine.start();
    expect((await docker.version()).Version).toMatch(/^\d+\./);
    let state = (await container.inspect()).State;
    for (let i = 0; i < 50 && !state.Running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await container.inspect()).State;
    }
    expect(state.Running).toBe(true);
    expect(existsSync(DOCKER0)).toBe(hadDocker0);
  });

  it('is empty after a wipe', async () => {
    await engine.wipe();
    await engine.start();
    expect(await engine.docker().listContainers({ all: true })).toEqual([]);
    expect(await engine.docker().listImages()).toEqual([]);
  });
});
