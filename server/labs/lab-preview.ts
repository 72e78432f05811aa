import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';
import { machineNamed } from './lab-start.js';

export const PREVIEW_TOKEN = /^[a-z2-7]{32}$/;

export interface PreviewTarget {
  lab: LabRecord;
  machine: string;
  port: number;
}

/**
 * The learner's site in the browser: a lab's preview is reached with its capability token (not the
 * session: the page runs without the platform's cookies), and a connection is made from inside the lab's
 * network by the runtime. The HTTP side (server/http/preview-proxy.ts) carries the bytes.
 */
export class LabPreview {
  constructor(
    private readonly d: {
      labs: LabsRepo;
      runtime: SandboxRuntime;
      /** The lab's machine names, the default first. */
      machinesOf: (courseId: string) => string[];
      /** The ports the course offers in the Browser tab. */
      previewsOf: (courseId: string) => { machine: string; port: number; path: string }[];
    },
  ) {}

  /**
   * Where a preview of a lab starts (the caller has checked who may see it): the machine (default the
   * first), the port and path (default the course's first offer for that machine, else 80 and /), and the
   * lab's token, made at its first preview.
   */
  link(lab: LabRecord, ask: { machine?: string; port?: number; path?: string }) {
    const offers = this.d.previewsOf(lab.courseId);
    const machine = machineNamed(this.d.machinesOf(lab.courseId), ask.machine ?? offers[0]?.machine);
    const offer = offers.find((p) => p.machine === machine);
    const port = ask.port ?? offer?.port ?? 80;
    const path = ask.path ?? (offer && offer.port === port ? offer.path : '/');
    return { token: this.d.labs.previewToken(lab.id), machine, port, path };
  }

  /** What a token and a machine name point at; unknown-lab for a token that is not a lab's. */
  resolve(token: string, machine: string, port: number): PreviewTarget {
    const lab = PREVIEW_TOKEN.test(token) ? this.d.labs.byPreviewToken(token) : undefined;
    if (!lab) throw new AppError('unknown-lab', 'Aperçu introuvable.');
    machineNamed(this.d.machinesOf(lab.courseId), machine);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new AppError('invalid-request', `Port invalide : ${port}`);
    return { lab, machine, port };
  }

  /** A TCP connection to the target, from inside the lab; port-closed when nothing listens there. */
  async connect(target: PreviewTarget): Promise<Duplex> {
    if (target.lab.state !== 'running') throw new AppError('lab-not-running', 'Le lab est arrêté.');
    return this.d.runtime.connect(target.lab.id, { machine: target.machine, port: target.port });
  }
}
