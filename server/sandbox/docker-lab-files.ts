// The editor's file operations on a lab machine, by the platform's file tool (term-holder/atelier-file.c,
// mounted read-only in every machine) run in the machine with `docker exec`: they see what the learner's
// shell sees (tmpfs included) and never run the lab's own programs.
import type Dockerode from 'dockerode';
import { posix } from 'node:path';
import { FILE_TOOL } from './container-profile.js';
import { execRaw } from './docker-exec.js';
import { FileServer, type ToolAnswer } from './docker-file-server.js';
import { parseListing, parseRecord, refusalOf } from './lab-file-records.js';
import { SandboxError, type DirListing, type FileInfo, type OpenedFile } from './sandbox-runtime.js';

const MiB = 1024 * 1024;
export const MAX_EDITED_BYTES = MiB;
const MAX_ENTRIES = 2000;
/** The tool stops itself after 20 s (alarm); this covers a wedged engine. */
const BUDGET_MS = 25_000;
/** Room for a record or a listing's names beside a file's content. */
const OUTPUT_SLACK = 512 * 1024;

function absolute(path: string): string {
  if (!posix.isAbsolute(path) || path.includes('\0'))
    throw new SandboxError('sandbox-error', `path must be absolute: ${path}`);
  return path;
}

/** Runs the tool once, on its own exec; its exit code, stdout (bytes) and stderr. */
async function runTool(
  docker: Dockerode,
  container: Dockerode.Container,
  args: string[],
  stdin?: Buffer,
  maxOut = MiB + OUTPUT_SLACK,
): Promise<ToolAnswer> {
  const r = await execRaw(docker, container, [FILE_TOOL, ...args], {
    env: ['LC_ALL=C'],
    user: 'root',
    workingDir: '/',
    stdin,
    budgetMs: BUDGET_MS,
    maxOutputBytes: maxOut,
    maxErrorBytes: 4096,
  });
  if (r.abandoned)
    throw new SandboxError('timeout', `file tool on ${args[1]} not done after ${BUDGET_MS} ms`);
  return { code: r.exitCode ?? -1, out: r.stdout, err: r.stderr.toString('utf8') };
}

/**
 * The editor's operations on lab machines: through each machine's file server (docker-file-server.ts), or,
 * when it cannot serve (killed, a lab made before it existed), one exec of the tool for the request.
 */
export class LabFileTool {
  /** By container: a machine's server, opened at its first request. */
  private readonly servers = new Map<string, Promise<FileServer>>();

  constructor(private readonly docker: Dockerode) {}

  async list(container: Dockerode.Container, path: string, maxEntries = MAX_ENTRIES): Promise<DirListing> {
    const r = await this.run(container, ['ls', absolute(path), String(maxEntries)]);
    const refused = refusalOf(r.code, path, r.err);
    if (refused) throw refused;
    return parseListing(r.out);
  }

  async open(container: Dockerode.Container, path: string, maxBytes = MAX_EDITED_BYTES): Promise<OpenedFile> {
    const r = await this.run(container, ['read', absolute(path), String(maxBytes)], undefined, maxBytes);
    const refused = refusalOf(r.code, path, r.err);
    if (refused) throw refused;
    const { file, rest } = parseRecord(r.out);
    return { file, content: rest };
  }

  async save(
    container: Dockerode.Container,
    path: string,
    content: Buffer,
    expect: string,
    maxBytes = MAX_EDITED_BYTES,
  ): Promise<{ file: FileInfo; created: boolean }> {
    if (content.length > maxBytes) throw new SandboxError('file-too-big', `${path}: file too big`);
    if (!/^[\x21-\x7e]{1,96}$/.test(expect))
      throw new SandboxError('sandbox-error', `bad version: ${expect}`);
    const r = await this.run(container, ['write', absolute(path), expect, String(maxBytes)], content);
    const refused = refusalOf(r.code, path, r.err);
    if (refused) throw refused;
    const { file, rest } = parseRecord(r.out);
    return { file, created: rest.toString('latin1') === 'C\0' };
  }

  private async run(container: Dockerode.Container, args: string[], body?: Buffer, maxBytes = MiB) {
    const server = await this.server(container).catch(() => undefined);
    const answer = await server?.request(args, body).catch(() => undefined);
    return answer ?? runTool(this.docker, container, args, body, maxBytes + OUTPUT_SLACK);
  }

  private server(container: Dockerode.Container): Promise<FileServer> {
    const key = container.id;
    let server = this.servers.get(key);
    if (!server) {
      const forget = () => this.servers.get(key) === server && this.servers.delete(key);
      server = FileServer.open(this.docker, container, forget);
      server.catch(forget);
      this.servers.set(key, server);
    }
    return server;
  }
}
