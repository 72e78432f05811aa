import type { Duplex } from 'node:stream';
import type { EngineConfig, EngineFleet, EngineMode, EngineStore, EngineView } from './engine-types.js';
import { chooseEngine, engineView, type Candidate } from './fleet-capacity.js';
import { FleetHealth, type Health } from './fleet-health.js';
import { readopt, tellUnavailable, unavailableMessage } from './fleet-recovery.js';
import { Placements } from './fleet-placements.js';
import { SandboxError } from './sandbox-runtime.js';
import type {
  Checkpoint,
  DirListing,
  DiskUsage,
  ExecOptions,
  ExecResult,
  FileInfo,
  FileOptions,
  HostDisk,
  ImageStatusSource,
  InspectOptions,
  LabEvent,
  LabEventListener,
  LabEventSource,
  LabInfo,
  LabSpec,
  OpenedFile,
  PoolSpec,
  SandboxRuntime,
  TerminalSize,
  TerminalStream,
} from './sandbox-runtime.js';

/** One engine's parts as the fleet drives them (server/sandbox/docker-engine.ts makes Docker ones). */
export interface FleetMember {
  config: EngineConfig;
  /** The URL without credentials. */
  address: string;
  runtime: SandboxRuntime;
  /** Its own event stream; `reconnect` when it is known to answer again. */
  events: LabEventSource & { reconnect?(): void };
  /** Its lab images, by exercises/<env>. */
  images: ImageStatusSource & { counts(): { ready: number; total: number } };
  /**
   * It answers again after an outage (restarted, or back empty): forget what was kept about these labs'
   * containers and bring its images up to date (copied from another engine, or built).
   */
  recovered?(labIds: string[]): void;
}

export interface FleetOptions {
  /** Memory limit of one machine: what a lab weighs against an engine's `capacity.memory`. */
  labMemoryBytes: number;
  /** The exercises/<env> an image name is built from (images' statuses are by env). */
  envOf(image: string): string;
  healthIntervalMs?: number;
  warn?(msg: string): void;
}

const HEALTH_INTERVAL_MS = 2_000;

/**
 * Several engines behind one SandboxRuntime. A new lab goes to the active engine that answers, has the
 * lab's images and the most free capacity; every later operation goes to the engine holding it (a lab,
 * whatever its machines, lives on one engine). An engine that stops answering is marked down within
 * seconds (its pings, and its event stream closing): its learners are told, its labs answer `engine-down`,
 * new labs go elsewhere. When it answers again its labs are adopted back, or reported lost when it came
 * back empty. With one engine it is a thin pass-through.
 */
export class FleetRuntime implements SandboxRuntime, EngineFleet {
  readonly events: LabEventSource;
  private readonly members = new Map<string, FleetMember>();
  private readonly placements: Placements;
  private readonly health: FleetHealth;
  private readonly modes = new Map<string, EngineMode>();
  private store: EngineStore | undefined;
  private listener: LabEventListener | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    members: FleetMember[],
    private readonly opts: FleetOptions,
  ) {
    this.placements = new Placements((err) =>
      opts.warn?.(`recording where a lab runs failed: ${(err as Error).message}`),
    );
    for (const m of members) {
      this.members.set(m.config.name, m);
      this.modes.set(m.config.name, m.config.mode);
    }
    const runtimes = new Map(members.map((m) => [m.config.name, m.runtime]));
    this.health = new FleetHealth(runtimes, (name, h) => this.changed(name, h));
    this.events = {
      start: async (listener) => {
        this.listener = listener;
        clearInterval(this.timer);
        this.timer = setInterval(() => this.tick(), opts.healthIntervalMs ?? HEALTH_INTERVAL_MS);
        this.timer.unref();
        await Promise.all(members.map((m) => m.events.start(listener)));
      },
      stop: () => {
        clearInterval(this.timer);
        this.listener = undefined;
        for (const m of members) m.events.stop();
      },
    };
  }

  // ---- EngineFleet ----

  attach(store: EngineStore): void {
    this.store = store;
    this.placements.attach(store);
    this.readModes();
  }

  status(): EngineView[] {
    return this.candidates().map((c) => engineView(c, this.opts.labMemoryBytes));
  }

  setMode(name: string, mode: EngineMode): void {
    if (!this.members.has(name)) throw new SandboxError('unknown-engine', `no engine named ${name}`);
    this.modes.set(name, mode);
    this.store?.setMode(name, mode);
  }

  engineOf(labId: string): string | undefined {
    return this.placements.get(labId)?.engine;
  }

  async refresh(): Promise<void> {
    this.readModes();
    await this.health.checkAll();
    // Which of its labs run: what their capacity counts.
    await this.list().catch(() => undefined);
  }

  /** Its event stream closed: ask it now rather than at the next tick. */
  suspect(name: string): void {
    void this.health.check(name);
  }

  // ---- SandboxRuntime: the engines as a whole ----

  async ping(): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
    await this.health.checkAll();
    const up = [...this.members.keys()].map((n) => [n, this.health.of(n)] as const);
    const first = up.find(([, h]) => h.up);
    if (first) return { ok: true, version: first[1].version ?? '' };
    return { ok: false, message: up.map(([n, h]) => (up.length > 1 ? `${n}: ` : '') + h.reason).join('; ') };
  }

  /** Every engine's labs; those of an engine that does not answer are reported stopped where placed. */
  async list(): Promise<LabInfo[]> {
    const lists = await Promise.all(
      [...this.members.values()].map(async (m) => {
        const name = m.config.name;
        const placedHere = () =>
          this.placements.on(name).map(([labId]) => ({ labId, state: 'stopped' as const }));
        if (!this.health.of(name).up) return placedHere();
        try {
          const labs = await m.runtime.list();
          this.health.answered(name);
          for (const l of labs) {
            const placed = this.placements.get(l.labId)?.engine;
            if (!placed || placed === name || !this.members.has(placed))
              this.placements.place(l.labId, name, 1, !!l.pooled && !l.pooled.claimed, l.state === 'running');
          }
          return labs.filter((l) => this.placements.get(l.labId)?.engine === name);
        } catch (err) {
          this.health.failed(name, (err as Error).message);
          return placedHere();
        }
      }),
    );
    return lists.flat();
  }

  async pruneStrays(): Promise<number> {
    const counts = await Promise.all(this.up().map((m) => m.runtime.pruneStrays().catch(() => 0)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The fullest disk among the engines that take new labs: a lab must not start where there is no room. */
  async hostDisk(): Promise<HostDisk | undefined> {
    const disks = await Promise.all(
      this.up()
        .filter((m) => this.modeOf(m.config.name) === 'active')
        .map((m) => m.runtime.hostDisk().catch(() => undefined)),
    );
    return disks.filter((d): d is HostDisk => !!d).sort((a, b) => a.freeBytes - b.freeBytes)[0];
  }

  async listCheckpoints(labId?: string): Promise<Checkpoint[]> {
    // A lab's checkpoints stay on the engine they were saved on, wherever the lab is now.
    const all = await Promise.all(this.up().map((m) => m.runtime.listCheckpoints(labId)));
    return all.flat().sort((a, b) => a.createdAt - b.createdAt);
  }

  // ---- a new lab: placement ----

  async ensureLab(spec: LabSpec): Promise<LabInfo> {
    const held = this.holder(spec.labId) ?? (await this.existing(spec.labId));
    if (held) {
      const info = await this.reachable(held).runtime.ensureLab(spec);
      this.placements.running(spec.labId, true);
      return info;
    }
    return this.placeAndRun(spec, false, (m) => m.runtime.ensureLab(spec));
  }

  createPooled(spec: PoolSpec): Promise<LabInfo> {
    const lab = {
      labId: spec.poolId,
      userId: '',
      courseId: spec.courseId,
      image: spec.image,
      machines: spec.machines,
    };
    return this.placeAndRun(lab, true, (m) => m.runtime.createPooled(spec));
  }

  /**
   * On the engine that has the checkpoint: a lab reset since may have been placed on another one, which
   * then lets it go.
   */
  async restoreCheckpoint(spec: LabSpec, name: string): Promise<LabInfo> {
    const placed = await this.locate(spec.labId);
    const order = [...(placed ? [this.reachable(placed)] : []), ...this.up().filter((m) => m !== placed)];
    let found: FleetMember | undefined;
    for (const m of order)
      if ((await m.runtime.listCheckpoints(spec.labId)).some((c) => c.name === name)) {
        found = m;
        break;
      }
    if (!found) throw new SandboxError('unknown-checkpoint', `lab ${spec.labId} has no checkpoint ${name}`);
    if (placed && placed !== found) await this.remove(spec.labId);
    const info = await found.runtime.restoreCheckpoint(spec, name);
    const machines = spec.machines?.length ?? 1;
    this.placements.place(spec.labId, found.config.name, machines, false, true);
    return info;
  }

  /** A pool lab on an engine that is down or draining is not handed out (the pool then removes it). */
  async claim(poolId: string, labId: string): Promise<void> {
    const m = await this.locate(poolId);
    if (!m || !this.health.of(m.config.name).up || this.modeOf(m.config.name) !== 'active')
      throw new SandboxError('lab-not-running', `pool lab ${poolId} is not available`);
    await m.runtime.claim(poolId, labId);
    this.placements.move(poolId, labId);
  }

  /** A lab some engine still has although it is not placed (made before this process): adopted there. */
  private async existing(labId: string): Promise<FleetMember | undefined> {
    const m = await this.locate(labId);
    return m && this.placements.get(labId) ? m : undefined;
  }

  private async placeAndRun(
    spec: LabSpec,
    pooled: boolean,
    run: (m: FleetMember) => Promise<LabInfo>,
  ): Promise<LabInfo> {
    const machines = spec.machines?.length ? spec.machines : [{ name: 'lab', image: spec.image }];
    const m = chooseEngine(
      this.candidates(),
      { images: machines.map((x) => x.image), machines: machines.length },
      this.opts,
    );
    // Counted at once, so a burst of starts spreads instead of all taking the engine that was freest.
    this.placements.place(spec.labId, m.config.name, machines.length, pooled);
    try {
      return await run(m);
    } catch (err) {
      // The runtime removed what it made: the lab is nowhere.
      this.placements.unplace(spec.labId);
      throw err;
    }
  }

  // ---- an existing lab: routing ----

  async poll(labId: string): Promise<LabInfo> {
    const m = await this.locate(labId);
    if (!m) return { labId, state: 'missing' };
    const info = await this.reachable(m).runtime.poll(labId);
    if (info.state === 'missing') this.placements.unplace(labId);
    return info;
  }

  async stop(labId: string): Promise<void> {
    const m = await this.locate(labId);
    if (!m) return;
    await this.reachable(m).runtime.stop(labId);
    this.placements.running(labId, false);
  }

  /**
   * On an engine that is down, the lab is let go of here (a reset then makes a new machine elsewhere);
   * its containers are removed when the engine answers again (they are no longer placed there).
   */
  async remove(labId: string): Promise<void> {
    const m = await this.locate(labId);
    if (m && this.health.of(m.config.name).up) await m.runtime.remove(labId);
    this.placements.unplace(labId);
  }

  exec(labId: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult> {
    return this.on(labId).then((r) => r.exec(labId, cmd, opts));
  }

  openTerminal(
    labId: string,
    size: TerminalSize,
    machine?: string,
    resume?: string,
  ): Promise<TerminalStream> {
    return this.on(labId).then((r) => r.openTerminal(labId, size, machine, resume));
  }

  readFile(labId: string, path: string, maxBytes?: number, machine?: string): Promise<Buffer | null> {
    return this.on(labId).then((r) => r.readFile(labId, path, maxBytes, machine));
  }

  listFiles(labId: string, path: string, opts?: FileOptions & { maxEntries?: number }): Promise<DirListing> {
    return this.on(labId).then((r) => r.listFiles(labId, path, opts));
  }

  openFile(labId: string, path: string, opts?: FileOptions & { maxBytes?: number }): Promise<OpenedFile> {
    return this.on(labId).then((r) => r.openFile(labId, path, opts));
  }

  saveFile(
    labId: string,
    path: string,
    content: Buffer,
    opts: FileOptions & { expect: string; maxBytes?: number },
  ): Promise<{ file: FileInfo; created: boolean }> {
    return this.on(labId).then((r) => r.saveFile(labId, path, content, opts));
  }

  inspect(labId: string, script: string, opts?: InspectOptions): Promise<ExecResult> {
    return this.on(labId).then((r) => r.inspect(labId, script, opts));
  }

  connect(labId: string, target: { machine?: string; port: number }): Promise<Duplex> {
    return this.on(labId).then((r) => r.connect(labId, target));
  }

  prewarmShell(labId: string): Promise<void> {
    return this.on(labId).then((r) => r.prewarmShell(labId));
  }

  async diskUsage(labId: string): Promise<DiskUsage | undefined> {
    const m = await this.locate(labId);
    return m && this.health.of(m.config.name).up ? m.runtime.diskUsage(labId) : undefined;
  }

  saveCheckpoint(labId: string, name: string): Promise<Checkpoint> {
    return this.on(labId).then((r) => r.saveCheckpoint(labId, name));
  }

  async dropCheckpoints(labId: string, names?: string[]): Promise<void> {
    await Promise.all(this.up().map((x) => x.runtime.dropCheckpoints(labId, names)));
  }

  // ---- helpers ----

  private holder(labId: string): FleetMember | undefined {
    const name = this.placements.get(labId)?.engine;
    return name === undefined ? undefined : this.members.get(name);
  }

  /**
   * The engine holding a lab. Not placed yet (a lab made by an earlier process, before its listing): the
   * engine that has it, asked now and remembered; with one engine, that one whatever it says.
   */
  private async locate(labId: string): Promise<FleetMember | undefined> {
    const placed = this.holder(labId);
    if (placed) return placed;
    const only = this.members.size === 1 ? [...this.members.values()] : undefined;
    for (const m of only ?? this.up()) {
      const info = await m.runtime.poll(labId).catch(() => undefined);
      if (!info || info.state === 'missing') continue;
      const pooled = !!info.pooled && !info.pooled.claimed;
      this.placements.place(labId, m.config.name, 1, pooled, info.state === 'running');
      return m;
    }
    return only?.[0];
  }

  /** The engine holding a lab that must exist (lab-not-running when none does). */
  private async on(labId: string): Promise<SandboxRuntime> {
    const m = await this.locate(labId);
    if (!m) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    return this.reachable(m).runtime;
  }

  private reachable(m: FleetMember): FleetMember {
    const h = this.health.of(m.config.name);
    if (!h.up) throw new SandboxError('engine-down', unavailableMessage(m.config.name, h));
    return m;
  }

  private candidates(): Candidate[] {
    return [...this.members.values()].map((m) => {
      const { name } = m.config;
      return { m, health: this.health.of(name), mode: this.modeOf(name), used: this.placements.usage(name) };
    });
  }

  private up(): FleetMember[] {
    return [...this.members.values()].filter((m) => this.health.of(m.config.name).up);
  }

  private modeOf(name: string): EngineMode {
    return this.modes.get(name) ?? 'active';
  }

  private readModes(): void {
    if (!this.store) return;
    for (const [name, mode] of this.store.modes()) if (this.members.has(name)) this.modes.set(name, mode);
  }

  private tick(): void {
    try {
      this.readModes();
    } catch (err) {
      this.opts.warn?.(`reading engine modes failed: ${(err as Error).message}`);
    }
    void this.health.checkAll();
  }

  private changed(name: string, h: Health): void {
    const m = this.members.get(name)!;
    const emit = (e: LabEvent) => this.listener?.(e);
    if (!h.up) {
      this.opts.warn?.(`engine ${name} is down: ${h.reason}`);
      return tellUnavailable(name, h, this.placements, emit);
    }
    this.opts.warn?.(`engine ${name} answers again`);
    m.events.reconnect?.();
    m.recovered?.(this.placements.on(name).map(([labId]) => labId));
    void readopt(m, this.placements, emit).catch((err: unknown) =>
      this.opts.warn?.(`adopting the labs of engine ${name} failed: ${(err as Error).message}`),
    );
  }
}
