// The port's checkpoints on Docker: each machine of a lab committed (never paused) to an image of this
// instance, labelled so a restarted server finds them with no database. Images, not volumes: a restore is
// a container made from them with the lab's usual profile, and what a checkpoint costs is its layer.
import type Dockerode from 'dockerode';
import { createHash } from 'node:crypto';
import { assertLabId, LABEL } from './container-profile.js';
import { ignore, notRunning, statusOf } from './docker-errors.js';
import { CONTENT_HASH_LABEL } from './docker-images.js';
import type { LabMachines } from './docker-machines.js';
import { SandboxError, type Checkpoint, type LabInfo, type LabSpec } from './sandbox-runtime.js';

/** Labels of a checkpoint image (a container made from one inherits them, under its own). */
export const CHECKPOINT_LABEL = {
  instance: 'atelier.checkpoint.instance',
  lab: 'atelier.checkpoint.lab',
  name: 'atelier.checkpoint.name',
  machine: 'atelier.checkpoint.machine',
  /** Epoch ms (Docker's own Created has seconds only). */
  created: 'atelier.checkpoint.created',
} as const;

/**
 * The environment image a machine was first made from (by id), carried from checkpoint to checkpoint: a
 * checkpoint image holds the learner's files, so a restored lab's grader must run this one instead.
 */
export const GRADER_IMAGE_LABEL = 'atelier.grader-image';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Docker's tag: `[\w][\w.-]{0,127}`. */
/** The tag of a dropped checkpoint's image that a machine still uses (a checkpoint's has a third part). */
const RETIRED = 'retired.';
const RETIRED_TAG = /^retired\.[0-9a-f]{64}$/;
const MAX_TAG = 128;

export interface CheckpointDeps {
  docker: Dockerode;
  prefix: string;
  machines: LabMachines;
  /** The runtime's remove (which keeps checkpoints). */
  remove(labId: string): Promise<void>;
  /** The runtime's create-and-start, with images standing in for some machines' (by machine name). */
  create(spec: LabSpec, images: ReadonlyMap<string, string>): Promise<LabInfo>;
}

interface Saved extends Checkpoint {
  /** Image reference by machine name. */
  images: Map<string, string>;
}

export class DockerCheckpoints {
  private readonly repo: string;
  /** Sizes of the images checkpoints sit on, by id (an image never changes). */
  private readonly sizes = new Map<string, number>();

  constructor(private readonly deps: CheckpointDeps) {
    this.repo = checkpointRepo(deps.prefix);
  }

  async save(labId: string, name: string): Promise<Checkpoint> {
    assertLabId(labId);
    assertName(name);
    return this.serial(labId, async () => {
      const { docker, machines } = this.deps;
      const layout = await machines.layout(labId);
      if (!layout) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
      const containers = await machines.all(labId);
      const createdAt = Date.now();
      // Untagged until every machine is committed: a failed save leaves the previous one whole.
      const committed = await Promise.allSettled(
        containers.map((c, i) => this.commit(c, labId, name, layout.machines[i] as string, createdAt)),
      );
      const ids = committed.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = committed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        await Promise.all(
          ids.map((id) =>
            docker
              .getImage(id)
              .remove()
              .catch(() => undefined),
          ),
        );
        return notRunning(labId, failed.reason);
      }
      // Tagging moves a name taken by an older save: its image is left dangling, pruned below.
      await Promise.all(
        ids.map((id, i) =>
          docker
            .getImage(id)
            .tag({ repo: this.repo, tag: checkpointTag(labId, name, layout.machines[i] as string) }),
        ),
      );
      await this.prune(labId);
      const bytes = await Promise.all(
        ids.map((id) =>
          docker
            .getImage(id)
            .inspect()
            .then((i) => this.added(i)),
        ),
      );
      return { labId, name, createdAt, bytes: bytes.reduce((a, b) => a + b, 0) };
    });
  }

  async list(labId?: string): Promise<Checkpoint[]> {
    return (await this.saved(labId)).map(({ images: _images, ...c }) => c);
  }

  async restore(spec: LabSpec, name: string): Promise<LabInfo> {
    assertLabId(spec.labId);
    return this.serial(spec.labId, async () => {
      // A name no save could take is simply not there.
      const found = NAME.test(name) ? (await this.saved(spec.labId)).find((c) => c.name === name) : undefined;
      if (!found) throw new SandboxError('unknown-checkpoint', `no checkpoint ${name} for lab ${spec.labId}`);
      await this.deps.remove(spec.labId);
      const info = await this.deps.create(spec, found.images);
      // The machines just removed may have been the last users of a dropped checkpoint's layers.
      await this.prune(spec.labId).catch(() => undefined);
      return info;
    });
  }

  async drop(labId: string, names?: string[]): Promise<void> {
    assertLabId(labId);
    return this.serial(labId, async () => {
      const doomed = (await this.saved(labId)).filter((c) => !names || names.includes(c.name));
      const refs = doomed.flatMap((c) => [...c.images.values()]);
      await Promise.all(refs.map((ref) => this.untag(ref)));
      await this.prune(labId);
    });
  }

  /** The lab's checkpoints (every lab's without `labId`) from the images' labels, oldest first. */
  private async saved(labId?: string): Promise<Saved[]> {
    const label = [`${CHECKPOINT_LABEL.instance}=${this.deps.prefix}`];
    if (labId) label.push(`${CHECKPOINT_LABEL.lab}=${labId}`);
    const images = await this.deps.docker.listImages({ filters: { label } });
    const byKey = new Map<string, Saved>();
    for (const image of images) {
      const {
        [CHECKPOINT_LABEL.lab]: lab,
        [CHECKPOINT_LABEL.name]: name,
        [CHECKPOINT_LABEL.machine]: machine,
        [CHECKPOINT_LABEL.created]: created,
      } = image.Labels ?? {};
      if (!lab || !name || !machine) continue;
      // Only the tagged image is the checkpoint: an untagged one is a replaced or dropped save still in use.
      const ref = `${this.repo}:${checkpointTag(lab, name, machine)}`;
      if (!image.RepoTags?.includes(ref)) continue;
      const key = `${lab}\n${name}`;
      const entry = byKey.get(key) ?? { labId: lab, name, createdAt: 0, bytes: 0, images: new Map() };
      entry.createdAt = Math.max(entry.createdAt, Number(created) || image.Created * 1000);
      entry.bytes += await this.added(image);
      entry.images.set(machine, ref);
      byKey.set(key, entry);
    }
    return [...byKey.values()].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  }

  /**
   * One machine's writable layer as an untagged image, without pausing it (a paused commit freezes the
   * learner's shells for the whole copy). Whatever a process writes meanwhile may be caught half-written.
   */
  private async commit(
    container: Dockerode.Container,
    labId: string,
    name: string,
    machine: string,
    createdAt: number,
  ): Promise<string> {
    const info = await container.inspect();
    const labels = info.Config.Labels ?? {};
    // The image inherits the container's labels; a container made from it gets them under its own. Those
    // that say whose lab it is (a pool's, another lab's) are blanked: the restore sets its own.
    const ours: readonly string[] = Object.values(LABEL);
    const blanked = Object.fromEntries(
      Object.keys(labels).flatMap((k) => (ours.includes(k) ? [[k, '']] : [])),
    );
    const Labels = {
      ...blanked,
      [CHECKPOINT_LABEL.instance]: this.deps.prefix,
      [CHECKPOINT_LABEL.lab]: labId,
      [CHECKPOINT_LABEL.name]: name,
      [CHECKPOINT_LABEL.machine]: machine,
      [CHECKPOINT_LABEL.created]: String(createdAt),
      [GRADER_IMAGE_LABEL]: labels[GRADER_IMAGE_LABEL] || info.Image,
      // What the machine was made from, so a restored lab is found stale like the lab it was.
      ...(labels[LABEL.imageHash] ? { [CONTENT_HASH_LABEL]: labels[LABEL.imageHash] } : {}),
    };
    // dockerode sends `_query` as the query string and `_body` as the config the image gets (merged with
    // the container's).
    const made = (await container.commit({
      _query: { container: container.id, pause: false, comment: `atelier checkpoint ${name}` },
      _body: { Labels },
    })) as { Id?: string };
    if (!made.Id) throw new SandboxError('sandbox-error', `commit of lab ${labId} gave no image`);
    return made.Id;
  }

  /**
   * Takes a checkpoint's name away; its image goes unless a machine was made from it or another checkpoint
   * sits on it. Never forced: Docker would then delete the image of a stopped machine made from it.
   */
  private async untag(ref: string): Promise<void> {
    const { docker } = this.deps;
    const image = docker.getImage(ref);
    const conflict = await image.remove().then(
      () => false,
      (err: unknown) => {
        if (statusOf(err) === 409) return true;
        ignore(404)(err);
        return false;
      },
    );
    // 409 also answers a removed name whose image stays as another's parent: then the name is gone.
    const info = conflict ? await image.inspect().catch(ignore(404)) : undefined;
    if (!info) return;
    // A machine uses it: another name keeps it (pruned once unused), so this one can go unforced.
    const [repo] = splitRef(ref);
    await image.tag({ repo, tag: `${RETIRED}${info.Id.replace(/^sha256:/, '')}` });
    await image.remove().catch(ignore(404, 409));
  }

  /**
   * Images of the lab's checkpoints that lost their name (replaced, dropped) and that no machine uses any
   * more. 409: one does, or another checkpoint sits on it: kept (it goes with its last user).
   */
  private async prune(labId: string): Promise<void> {
    const { docker, prefix } = this.deps;
    const label = [`${CHECKPOINT_LABEL.instance}=${prefix}`, `${CHECKPOINT_LABEL.lab}=${labId}`];
    const images = await docker.listImages({ filters: { label } });
    const retired = (t: string) => t.startsWith(`${this.repo}:`) && RETIRED_TAG.test(splitRef(t)[1]);
    await Promise.all(
      images.map((i) => {
        const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
        if (!tags.length) return docker.getImage(i.Id).remove().catch(ignore(404, 409));
        return Promise.all(
          tags.filter(retired).map((t) => docker.getImage(t).remove().catch(ignore(404, 409))),
        );
      }),
    );
  }

  /** Bytes an image adds over its parent (the layer a commit made). */
  private async added(image: {
    Id: string;
    Size: number;
    ParentId?: string;
    Parent?: string;
  }): Promise<number> {
    this.sizes.set(image.Id, image.Size);
    const parent = image.ParentId ?? image.Parent;
    if (!parent) return image.Size;
    let parentSize = this.sizes.get(parent);
    if (parentSize === undefined) {
      const info = await this.deps.docker
        .getImage(parent)
        .inspect()
        .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err)));
      parentSize = info?.Size ?? 0;
      if (info) this.sizes.set(parent, parentSize);
    }
    return Math.max(0, image.Size - parentSize);
  }

  /** One save, restore or drop at a time per lab: a prune must not meet a save's untagged images. */
  private serial<T>(labId: string, task: () => Promise<T>): Promise<T> {
    const key = `${this.deps.prefix}\n${labId}`;
    const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }
}

/** Per process, not per runtime: two runtimes of one instance (a test's "restart") share the lab. */
const queues = new Map<string, Promise<void>>();

function assertName(name: string): void {
  if (!NAME.test(name)) throw new SandboxError('sandbox-error', `invalid checkpoint name ${name}`);
}

function splitRef(ref: string): [string, string] {
  const at = ref.lastIndexOf(':');
  return [ref.slice(0, at), ref.slice(at + 1)];
}

/** `<instance>-checkpoint`, in the lowercase a repository name needs. */
export function checkpointRepo(prefix: string): string {
  const safe = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${safe || 'atelier'}-checkpoint`;
}

/**
 * `<labId>.<name>.<machine>`: unambiguous, as neither a name nor a machine has a dot. Over Docker's 128
 * characters (long lab ids), a hash of it: the labels still say which is which.
 */
export function checkpointTag(labId: string, name: string, machine: string): string {
  const tag = `${labId}.${name}.${machine}`;
  return tag.length <= MAX_TAG ? tag : `h.${createHash('sha256').update(tag).digest('hex')}`;
}
