import { AppError } from '../errors/app-error.js';
import type { DirListing, FileInfo, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import { EXPECT_ABSENT, EXPECT_ANY, SandboxError } from '../sandbox/sandbox-runtime.js';
import type { LabRecord } from '../store/labs-repo.js';
import { machineNamed } from './lab-start.js';

/** The most the editor opens or saves (bigger files stay the terminal's). */
export const MAX_EDITOR_BYTES = 1024 * 1024;
const MAX_TEXT = '1 Mio';

export interface FileTarget {
  machine?: string;
  path: string;
}

/** What a save asks: `expect` is the version opened, or a new file (`absent`), or overwrite (`any`). */
export interface SaveRequest extends FileTarget {
  content: Buffer;
  expect: { version: string } | 'absent' | 'any';
}

export interface LabFilesDeps {
  runtime: Pick<SandboxRuntime, 'listFiles' | 'openFile' | 'saveFile'>;
  /** The lab if the user works on it (theirs or their pair's); unknown-lab otherwise. */
  owned(userId: string, labId: string): LabRecord;
  /** A lab the user may look at without working on it (a trainer watching the learner). */
  watchable(userId: string, labId: string): LabRecord | undefined;
  machinesOf(courseId: string): string[];
  /** A save is the learner's activity, like typing (idle timeout, automatic check). */
  onSaved(userId: string, lab: LabRecord, machine: string, path: string, file: FileInfo): void;
}

// ignoreBOM keeps a byte-order mark in the text (by default it is dropped: a save would lose it).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text the editor can show and save back byte for byte: UTF-8 without NUL; undefined for anything else. */
export function asText(content: Buffer): string | undefined {
  if (content.includes(0)) return undefined;
  try {
    return utf8.decode(content);
  } catch {
    return undefined;
  }
}

/**
 * The editor beside the terminal: a lab machine's directories and text files, read and written through the
 * sandbox port. The learner (or their pair) reads and writes; a trainer who may watch them reads.
 */
export class LabFiles {
  constructor(private readonly d: LabFilesDeps) {}

  async list(userId: string, labId: string, at: FileTarget): Promise<DirListing & { machine: string }> {
    const { lab, machine } = this.target(this.d.owned(userId, labId), at.machine);
    const listing = await this.running(lab, () => this.d.runtime.listFiles(lab.id, at.path, { machine }));
    return { machine, ...listing };
  }

  async open(userId: string, labId: string, at: FileTarget) {
    const rec = this.reachable(userId, labId);
    const { lab, machine } = this.target(rec, at.machine);
    const opened = await this.running(lab, () =>
      this.d.runtime.openFile(lab.id, at.path, { machine, maxBytes: MAX_EDITOR_BYTES }),
    );
    const content = asText(opened.content);
    if (content === undefined)
      throw new AppError('binary-file', `Fichier binaire : ${at.path}`, { path: at.path });
    return { machine, path: at.path, content, ...opened.file };
  }

  async save(userId: string, labId: string, req: SaveRequest) {
    const { lab, machine } = this.target(this.d.owned(userId, labId), req.machine);
    if (req.content.length > MAX_EDITOR_BYTES)
      throw new AppError('file-too-big', `Fichier trop gros : ${req.path}`, { max: MAX_TEXT });
    if (asText(req.content) === undefined)
      throw new AppError('binary-file', 'Le contenu n’est pas du texte UTF-8.', { path: req.path });
    const expect =
      req.expect === 'absent' ? EXPECT_ABSENT : req.expect === 'any' ? EXPECT_ANY : req.expect.version;
    const saved = await this.running(lab, () =>
      this.d.runtime.saveFile(lab.id, req.path, req.content, { machine, expect, maxBytes: MAX_EDITOR_BYTES }),
    );
    this.d.onSaved(userId, lab, machine, req.path, saved.file);
    return { machine, path: req.path, created: saved.created, ...saved.file };
  }

  private reachable(userId: string, labId: string): LabRecord {
    try {
      return this.d.owned(userId, labId);
    } catch (err) {
      const watched = this.d.watchable(userId, labId);
      if (!watched) throw err;
      return watched;
    }
  }

  private target(lab: LabRecord, machine: string | undefined) {
    return { lab, machine: machineNamed(this.d.machinesOf(lab.courseId), machine) };
  }

  /** A lab the database knows as stopped answers lab-not-running without asking the engine. */
  private async running<T>(lab: LabRecord, op: () => Promise<T>): Promise<T> {
    if (lab.state !== 'running') throw new AppError('lab-not-running', 'Le lab est arrêté : démarrez-le.');
    try {
      return await op();
    } catch (err) {
      if (err instanceof SandboxError && err.reason === 'file-too-big')
        throw new AppError('file-too-big', err.message, { max: MAX_TEXT });
      // The machine's own words ("No space left on device"): the client shows them as `detail`.
      if (err instanceof SandboxError && err.reason === 'file-write-failed')
        throw new AppError('file-write-failed', err.message, { detail: err.message });
      throw err;
    }
  }
}
