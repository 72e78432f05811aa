// The compiled server's first start as a person sees it on a terminal (issue 17, item 16): readable lines,
// not JSON, with the one-time setup link alone in a box; the same start into a pipe writes JSON lines,
// the link as a field of its own. The terminal is a real pseudo-terminal (util-linux `script`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN, spawnServer } from '../support/server-process.js';

const dataDirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atelier-startup-log-'));
  dataDirs.push(dir);
  return dir;
};
const SETUP_LINK = /http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]+/;
// eslint-disable-next-line no-control-regex -- colours are what a terminal gets
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};

/** Runs the compiled server under a pseudo-terminal until it printed the setup link's box. */
async function startOnTerminal(dataDir: string): Promise<string> {
  const child = spawn('script', ['-qec', `${process.execPath} ${SERVER_MAIN}`, '/dev/null'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      ATELIER_ENV_FILE: path.join(dataDir, 'no-such.env'),
      ATELIER_HOST: '127.0.0.1',
      ATELIER_PORT: '0',
      ATELIER_DATA_DIR: dataDir,
      ATELIER_INSTANCE: `atelier-startlog${process.pid}`,
      ATELIER_BUILD_IMAGES: 'never',
      ATELIER_LOG_LEVEL: 'info',
      ATELIER_LOG_FORMAT: 'auto',
      ATELIER_BACKUP_INTERVAL_H: '0',
      ATELIER_POOL_SIZE: '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    for (let waited = 0; !/└─+┘/.test(out); waited += 100) {
      if (waited > 60_000 || child.exitCode !== null) throw new Error(`no setup link box:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return plain(out);
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
  }
}

describe('the start’s log lines', () => {
  afterAll(() => dataDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('on a terminal: readable lines, the setup link boxed', { timeout: 90_000 }, async () => {
    const out = await startOnTerminal(newDataDir());
    const lines = out.split('\n').filter((l) => l.trim());
    expect(lines.filter(isJson)).toEqual([]);
    expect(out).toMatch(/INFO: Atelier is ready on http:\/\/127\.0\.0\.1:\d+/);
    const boxed = lines.findIndex((l) => /^\s*│ http:\/\/\S+\/setup\?token=\S+ │$/.test(l));
    expect(boxed, out).toBeGreaterThan(0);
    expect(lines[boxed - 1]).toMatch(/^\s*┌─+┐$/);
    expect(lines[boxed + 1]).toMatch(/^\s*└─+┘$/);
    expect(lines[boxed - 1]!.trim().length).toBe(lines[boxed]!.trim().length);
  });

  it('into a pipe: one JSON object a line, the link a field', { timeout: 90_000 }, async () => {
    const server = await spawnServer({
      dataDir: newDataDir(),
      instance: `atelier-startlog${process.pid}`,
      env: { NODE_OPTIONS: '', ATELIER_POOL_SIZE: '0', ATELIER_LOG_FORMAT: 'auto' },
    });
    try {
      for (let waited = 0; !server.output().includes('First start'); waited += 100) {
        if (waited > 10_000) throw new Error(`no setup line:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.trim());
      expect(lines.filter((l) => !isJson(l))).toEqual([]);
      const setup = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((o) => o.link);
      expect(setup?.link).toMatch(SETUP_LINK);
      expect(setup?.level).toBe('warn');
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
});
