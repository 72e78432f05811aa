import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { engineClient, sshHostVerifier } from '../../../server/sandbox/docker-engine-client.js';
import { loadEngines } from '../../../server/sandbox/engine-config.js';

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const tls = { ca: '/etc/atelier/ca.pem', cert: '/etc/atelier/cert.pem', key: '/etc/atelier/key.pem' };

describe('ATELIER_ENGINES', () => {
  it('reads inline JSON and YAML files, with capacities in units', () => {
    const problems: string[] = [];
    const inline = loadEngines(
      JSON.stringify([
        { name: 'local', url: 'unix:///var/run/docker.sock', capacity: { labs: 40, memory: '24g' } },
        { name: 'e2', url: 'tcp://10.0.0.2:2376', tls, mode: 'draining', labSubnets: '10.214.0.0/16' },
      ]),
      problems,
    );
    expect(problems).toEqual([]);
    expect(inline).toEqual([
      {
        name: 'local',
        url: 'unix:///var/run/docker.sock',
        capacity: { labs: 40, memoryBytes: 24 * 2 ** 30 },
        mode: 'active',
      },
      {
        name: 'e2',
        url: 'tcp://10.0.0.2:2376',
        tls,
        capacity: { labs: 0, memoryBytes: 0 },
        mode: 'draining',
        labSubnets: '10.214.0.0/16',
      },
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engines-'));
    const file = path.join(dir, 'engines.yml');
    fs.writeFileSync(
      file,
      `- name: e3\n  url: ssh://atelier@e3.example.org:2222\n  ssh: { hostKey: ${HOST_KEY} }\n`,
    );
    expect(loadEngines(file, problems)).toEqual([
      {
        name: 'e3',
        url: 'ssh://atelier@e3.example.org:2222',
        ssh: { hostKey: HOST_KEY },
        capacity: { labs: 0, memoryBytes: 0 },
        mode: 'active',
      },
    ]);
    fs.rmSync(dir, { recursive: true });
  });

  it('lists every problem at once, with the config’s other problems', () => {
    const engines = JSON.stringify([
      { name: 'E2', url: 'tcp://10.0.0.2:2376' },
      { name: 'e3', url: 'tcp://10.0.0.3:2375', tls: { ca: 'ca.pem', cert: '/c', key: '/k' } },
      { name: 'e4', url: 'ssh://atelier@e4' },
      { name: 'e5', url: 'http://e5:2375' },
      { name: 'e6', url: 'unix:///s', capacity: { labs: -1 } },
      { name: 'e6', url: 'unix:///t', labSubnets: '10.0.0.0/99' },
    ]);
    let message = '';
    try {
      loadConfig({ ATELIER_ENGINES: engines, ATELIER_PORT: 'x' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const line of [
      'ATELIER_PORT',
      'ATELIER_ENGINES: 0.name: lowercase',
      'ATELIER_ENGINES: 0.tls: tcp:// needs mutual TLS',
      'ATELIER_ENGINES: 1.tls.ca: an absolute path',
      "ATELIER_ENGINES: 2.ssh: ssh:// needs the engine's host key",
      'ATELIER_ENGINES: 3.url: unix:///path, tcp://host:port or ssh://user@host',
      'ATELIER_ENGINES: 4.capacity.labs',
      'ATELIER_ENGINES: 5.name: "e6" twice',
      'ATELIER_ENGINES: 5.labSubnets: a private IPv4 range',
    ])
      expect(message).toContain(line);
  });

  it('names an unreadable file, and an auto platform cap is the sum of the engines’ capacities', () => {
    const problems: string[] = [];
    expect(loadEngines('/nonexistent/engines.yml', problems)).toBeUndefined();
    expect(problems[0]).toMatch(/^ATELIER_ENGINES \(\/nonexistent\/engines.yml\): ENOENT/);
    const two = (labs: number) =>
      JSON.stringify([
        { name: 'a', url: 'unix:///a', capacity: { labs: 30 } },
        { name: 'b', url: 'unix:///b', capacity: { labs } },
      ]);
    expect(loadConfig({ ATELIER_ENGINES: two(50) }).admission.maxLabs).toBe(80);
    expect(loadConfig({ ATELIER_ENGINES: two(0) }).admission.maxLabs).toBe(0);
    expect(loadConfig({}).engines).toEqual([
      {
        name: 'local',
        url: 'unix:///var/run/docker.sock',
        capacity: { labs: 0, memoryBytes: 0 },
        mode: 'active',
      },
    ]);
  });

  it('accepts exactly the configured ssh host key, and reads TLS files at start', () => {
    const verify = sshHostVerifier(HOST_KEY);
    expect(verify(Buffer.from(HOST_KEY.split(' ')[1]!, 'base64'))).toBe(true);
    expect(verify(Buffer.from('another key'))).toBe(false);
    expect(sshHostVerifier(undefined)(Buffer.from('x'))).toBe(false);
    const engine = {
      name: 'e2',
      url: 'tcp://10.0.0.2:2376',
      tls,
      capacity: { labs: 0, memoryBytes: 0 },
      mode: 'active' as const,
    };
    expect(() => engineClient(engine)).toThrow(/engine e2: tls.ca: ENOENT/);
  });
});
