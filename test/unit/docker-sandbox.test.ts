// DOCKER_HOST → the options of the one Docker client (no engine needed); the hint for a missing socket.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { dockerHint } from '../../server/observability/startup.js';
import { createSandbox, dockerOptions } from '../../server/sandbox/docker-sandbox.js';

describe('DOCKER_HOST', () => {
  it('unset leaves dockerode its default', () => {
    expect(dockerOptions(undefined)).toBeUndefined();
    expect(dockerOptions('unix://')).toBeUndefined();
  });

  it('takes a unix socket, tcp, http and https', () => {
    expect(dockerOptions('unix:///run/user/1000/docker.sock')).toEqual({
      socketPath: '/run/user/1000/docker.sock',
      host: undefined,
    });
    expect(dockerOptions('tcp://10.0.0.2:2375')).toEqual({ host: '10.0.0.2', port: '2375' });
    expect(dockerOptions('10.0.0.2:2376')).toEqual({ host: '10.0.0.2', port: '2376' });
    expect(dockerOptions('http://engine.local:2375')).toEqual({
      host: 'engine.local',
      port: '2375',
      protocol: 'http',
    });
    expect(dockerOptions('https://engine.local')).toEqual({
      host: 'engine.local',
      port: '',
      protocol: 'https',
    });
  });

  it('refuses what it cannot use, naming the variable and what works', () => {
    for (const [value, why] of [
      ['ssh://me@engine', /unsupported scheme ssh:/],
      ['npipe:////./pipe/docker_engine', /unsupported scheme npipe:/],
      ['tcp://engine', /needs a port/],
      ['ftp://engine:2375', /unsupported scheme ftp:/],
      ['not a url', /not an address/],
    ] as const) {
      expect(() => dockerOptions(value)).toThrow(ConfigError);
      expect(() => dockerOptions(value)).toThrow(why);
      expect(() => dockerOptions(value)).toThrow(`DOCKER_HOST=${value}`);
    }
    expect(() => createSandbox(loadConfig({ DOCKER_HOST: 'ftp://engine:2375' }))).toThrow(/unix:\/\/\//);
    // ssh:// is an engine of its own kind, listed in ATELIER_ENGINES with the host key it must present.
    expect(() => createSandbox(loadConfig({ DOCKER_HOST: 'ssh://me@engine' }))).toThrow(/ssh: \{hostKey\}/);
  });

  it('points the hint at the socket that was tried', () => {
    expect(dockerHint('connect ENOENT /nonexistent.sock')).toMatch(
      /^No Docker socket at \/nonexistent\.sock:/,
    );
    expect(dockerHint('no such file')).toMatch(/at \/var\/run\/docker\.sock/);
  });
});
