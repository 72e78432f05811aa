import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { LABEL, labContainerName, machineContainerPrefix } from './container-profile.js';
import type { LabEvent, LabEventListener, LabEventSource } from './sandbox-runtime.js';

interface RawEvent {
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

const EXPECTED_DEATH_MS = 60_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * Watches the Docker event stream for this instance's labs and reports what a learner should hear about
 * (LabEvent in the port): a process killed by the memory limit (`oom`), and a lab whose main process died
 * without anybody asking (`kill -9 -1`, PID 1 killed by the OOM killer) and that the restart policy brings
 * back. Stops and removals made through the API are announced by Docker with a `kill` event first; those
 * deaths are expected and not reported.
 *
 * A lab is known by its container NAME (`<prefix>-lab-<labId>`): pool containers are handed to a lab by
 * renaming, so labels do not name the lab or its owner. The owner comes from the database (app.ts).
 */
export class DockerLabEvents implements LabEventSource {
  private listener: LabEventListener | undefined;
  private stream: Readable | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_MIN_MS;
  /** timeNano of the last event seen, exact (it does not fit a double). */
  private lastNano = 0n;
  private stopped = false;
  /** Containers the API stopped or removed (a `kill` event), by id → time. */
  private readonly expected = new Map<string, number>();
  private readonly crashed = new Set<string>();

  constructor(
    private readonly opts: {
      docker: Dockerode;
      prefix: string;
      memoryBytes?: number;
      /** Where connection problems are reported (the composition root passes its logger; default: dropped). */
      warn?: (msg: string) => void;
      /** The stream closed or could not open: the engine may be gone (its health is asked at once). */
      onClose?: () => void;
    },
  ) {}

  async start(listener: LabEventListener): Promise<void> {
    this.listener = listener;
    this.stopped = false;
    await this.connect();
  }

  /** The engine answers again: connect now instead of at the end of the back-off. */
  reconnect(): void {
    if (this.stopped || this.stream) return;
    clearTimeout(this.retryTimer);
    this.retryMs = RETRY_MIN_MS;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stream?.destroy();
    this.stream = undefined;
  }

  private async connect(): Promise<void> {
    const since = this.lastNano ? Number(this.lastNano / 1_000_000_000n) : undefined;
    try {
      const stream = (await this.opts.docker.getEvents({
        since,
        filters: {
          type: ['container'],
          event: ['oom', 'die', 'kill', 'start'],
          label: [`${LABEL.managed}=1`],
        },
      })) as Readable;
      if (this.stopped) return void stream.destroy();
      this.stream = stream;
      this.retryMs = RETRY_MIN_MS;
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (buffered + chunk.toString('utf8')).split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.handleLine(line);
      });
      stream.on('error', () => stream.destroy());
      stream.once('close', () => this.retry());
    } catch (err) {
      this.opts.warn?.(`cannot watch Docker events: ${(err as Error).message}`);
      this.retry();
    }
  }

  private retry(): void {
    if (this.stopped) return;
    this.stream = undefined;
    this.opts.onClose?.();
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private handleLine(line: string): void {
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      return;
    }
    // After a reconnect, `since` replays the last second: skip what was already seen.
    const nano = /"timeNano":\s*(\d+)/.exec(line)?.[1];
    if (nano) {
      if (BigInt(nano) <= this.lastNano) return;
      this.lastNano = BigInt(nano);
    }
    const attrs = raw.Actor?.Attributes ?? {};
    const machine = attrs[LABEL.machine];
    const group = attrs[LABEL.group];
    if (!attrs.name?.startsWith(machineContainerPrefix(this.opts.prefix)) || !group) {
      const event = this.interpret(raw, labIdOf(this.opts.prefix, attrs.name ?? ''));
      if (event) this.listener?.(event);
      return;
    }
    // Another machine of a lab: the lab is the default machine whose group it shares (a claim renamed it).
    void this.labOfGroup(group).then((labId) => {
      const event = labId && this.interpret(raw, labId, machine);
      if (event) this.listener?.(event);
    });
  }

  private async labOfGroup(group: string): Promise<string | undefined> {
    const found = await this.opts.docker
      .listContainers({ all: true, filters: { label: [`${LABEL.lab}=${group}`] } })
      .catch(() => []);
    return found
      .map((c) => c.Names.map((n) => labIdOf(this.opts.prefix, n.slice(1))).find(Boolean))
      .find(Boolean);
  }

  private interpret(raw: RawEvent, labId: string | undefined, machine?: string): LabEvent | undefined {
    const id = raw.Actor?.ID ?? '';
    const attrs = raw.Actor?.Attributes ?? {};
    if (!id || !labId) return;
    const on = machine ? ` (machine ${machine})` : '';
    const now = Date.now();
    for (const [k, t] of this.expected) if (now - t > EXPECTED_DEATH_MS) this.expected.delete(k);
    const base = { labId, containerId: id };
    switch (raw.Action) {
      case 'kill':
        this.expected.set(id, now);
        this.crashed.delete(id);
        return;
      case 'oom': {
        const mb = this.opts.memoryBytes ? ` (${Math.round(this.opts.memoryBytes / 2 ** 20)} Mio)` : '';
        const message = `Mémoire du lab épuisée${mb}${on} : un programme a été arrêté par le système.`;
        return { ...base, kind: 'oom', state: 'running', message };
      }
      case 'die': {
        if (this.expected.delete(id)) return;
        this.crashed.add(id);
        const exitCode = Number(attrs.exitCode ?? NaN);
        const code = Number.isFinite(exitCode) ? ` (code ${exitCode})` : '';
        const message = `Le lab s’est arrêté${code}${on} ; il redémarre, vos fichiers sont conservés.`;
        return { ...base, kind: 'crashed', state: 'starting', exitCode, message };
      }
      case 'start': {
        if (!this.crashed.delete(id)) return;
        const message = `Le lab a redémarré${on} : les programmes lancés ont été arrêtés, vos fichiers sont là.`;
        return { ...base, kind: 'restarted', state: 'running', message };
      }
    }
    return undefined;
  }
}

/** The lab id in a default machine's container name (`<prefix>-lab-<id>`); other instances have their own prefix. */
function labIdOf(prefix: string, name: string): string | undefined {
  const head = labContainerName(prefix, '');
  return name.startsWith(head) && name.length > head.length ? name.slice(head.length) : undefined;
}
