// The lab's grader: one small container per running lab, joined to its PID and network namespaces and
// started from the lab's own image, so checks run our binaries against the lab's kernel state
// (docs/COURSES.md, "How checks run"). Created at the first check (a pool lab's ahead) and reused; it dies
// with the lab's PID 1 and Docker removes it (AutoRemove).
import type Dockerode from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabLimits } from '../config.js';
import { GRADER_LAB_ROOT, graderContainerName, graderContainerSpec } from './container-profile.js';
import { ignore, notRunning, statusOf } from './docker-errors.js';
import { runExec } from './docker-exec.js';
import { SandboxError, type ExecResult, type InspectOptions } from './sandbox-runtime.js';
import { GRADER_IMAGE_LABEL } from './docker-checkpoints.js';

/** bash from the grader's image by absolute path; the script comes whole on stdin, then stdin is closed. */
const GRADER_SHELL = [
  '/bin/bash',
  '--noprofile',
  '--norc',
  '-c',
  's=$(</dev/stdin); exec </dev/null; eval "$s"',
];
const CREATE_ATTEMPTS = 30;
const GRADER_ENV = [
  'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
  'LC_ALL=C.UTF-8',
  `LAB_ROOT=${GRADER_LAB_ROOT}`,
  'HOME=/tmp',
];

export class Graders {
  /** By lab container id: at most one creation in flight per lab. */
  private readonly starting = new Map<string, Promise<Dockerode.Container>>();
  /**
   * The grader last used per machine (`<labId>@<machine>`): a check then costs one exec, no inspect (a dead
   * one fails the exec).
   */
  private readonly known = new Map<string, Dockerode.Container>();

  constructor(
    private readonly docker: Dockerode,
    private readonly prefix: string,
    private readonly limits: LabLimits,
  ) {}

  async inspect(
    lab: Dockerode.Container,
    labId: string,
    machine: string,
    script: string,
    opts: Omit<InspectOptions, 'machine'>,
    /** The lab machines' addresses (docker-lab-hosts.ts), for checks that name a machine. */
    hosts = '',
  ) {
    const key = `${labId}@${machine}`;
    const run = (grader: Dockerode.Container) =>
      runExec(this.docker, grader, GRADER_SHELL, {
        ...opts,
        stdin: script,
        env: hosts ? [...GRADER_ENV, `ATELIER_LAB_HOSTS=${hosts}`] : GRADER_ENV,
        workingDir: '/',
      });
    const grader = this.known.get(key) ?? (await this.ready(lab, labId, machine));
    return run(grader).catch(async (err: unknown): Promise<ExecResult> => {
      // A grader that died (with its lab, or killed by the learner) is replaced once, else the lab is down.
      if (!graderGone(err)) throw err;
      this.known.delete(key);
      await grader.remove({ force: true }).catch(ignore(404, 409));
      return run(await this.ready(lab, labId, machine)).catch((e: unknown) => notRunning(labId, e));
    });
  }

  /** Forgets a lab's graders (they die with their machine's PID 1; Docker removes them). */
  forget(labId: string): void {
    for (const key of [...this.known.keys()]) if (key.startsWith(`${labId}@`)) this.known.delete(key);
  }

  /** A pool claim: the graders now serve the lab's new id. */
  move(from: string, to: string): void {
    for (const [key, grader] of [...this.known]) {
      if (!key.startsWith(`${from}@`)) continue;
      this.known.delete(key);
      this.known.set(`${to}@${key.slice(from.length + 1)}`, grader);
    }
  }

  /** Starts a machine's grader ahead of its first check (errors are left to that check). */
  warm(lab: Dockerode.Container, labId: string, machine: string): void {
    void this.ready(lab, labId, machine).catch(() => undefined);
  }

  /** The machine's running grader, made when missing. */
  async ready(lab: Dockerode.Container, labId: string, machine: string): Promise<Dockerode.Container> {
    const key = `${labId}@${machine}`;
    const info = await lab.inspect().catch((err: unknown) => notRunning(labId, err));
    if (!info.State.Running || info.State.Paused)
      throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    const name = graderContainerName(this.prefix, info.Id);
    const existing = await this.docker
      .getContainer(name)
      .inspect()
      .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err)));
    if (existing?.State.Running) return this.remember(key, this.docker.getContainer(name));
    let pending = this.starting.get(info.Id);
    if (!pending) {
      pending = this.create(info, labId, Boolean(existing)).finally(() => this.starting.delete(info.Id));
      this.starting.set(info.Id, pending);
    }
    return this.remember(key, await pending);
  }

  private remember(key: string, grader: Dockerode.Container): Dockerode.Container {
    this.known.set(key, grader);
    return grader;
  }

  private async create(
    info: Dockerode.ContainerInspectInfo,
    labId: string,
    stale: boolean,
  ): Promise<Dockerode.Container> {
    const body = graderContainerSpec(
      // A lab restored from a checkpoint runs an image holding the learner's files: its grader runs the
      // environment's image, named by a label the commit set (lab root cannot change a container's labels).
      { containerId: info.Id, imageId: info.Config.Labels?.[GRADER_IMAGE_LABEL] || info.Image, labId },
      this.limits,
      this.prefix,
    );
    const grader = this.docker.getContainer(body.name);
    if (stale) await grader.remove({ force: true }).catch(ignore(404, 409));
    // A grader the learner killed may still be on its way out (AutoRemove): wait for its name to free.
    for (let attempt = 0; ; attempt++) {
      const made = await this.docker.createContainer(body).then(
        () => true,
        (err: unknown) => (statusOf(err) === 409 && attempt < CREATE_ATTEMPTS ? false : Promise.reject(err)),
      );
      if (made) break;
      const current = await grader.inspect().catch(() => undefined);
      if (current?.State.Running) return grader;
      await grader.remove({ force: true }).catch(ignore(404, 409));
      await sleep(100);
    }
    await grader.start().catch(ignore(304));
    return grader;
  }
}

/** The grader died: gone (404), stopped (409), or still being auto-removed (500 "is not running"). */
function graderGone(err: unknown): boolean {
  const status = statusOf(err);
  return status === 404 || status === 409 || (status === 500 && /is not running/.test(String(err)));
}
