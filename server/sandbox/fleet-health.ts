import type { SandboxRuntime } from './sandbox-runtime.js';

export interface Health {
  up: boolean;
  /** Epoch ms of the last change. */
  since: number;
  reason?: string;
  version?: string;
}

/** Errors that mean the engine is not there at all: one is enough to call it down. */
const GONE =
  /ECONNREFUSED|ENOENT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|socket hang up|certificate|handshake/i;
/** A slow answer may be a busy engine (a class rush): this many in a row (about 10 s) before calling it down. */
const SLOW_MISSES = 3;

/**
 * Whether each engine answers, from its pings: down at once when its connection is refused (a dead
 * host, a stopped daemon), after three missed pings when it merely does not answer in time (a busy engine in a class rush is not a dead one). `onChange`
 * hears every transition. An engine is taken to be up until a ping says otherwise.
 */
export class FleetHealth {
  private readonly states = new Map<string, Health>();
  private readonly misses = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly engines: ReadonlyMap<string, Pick<SandboxRuntime, 'ping'>>,
    private readonly onChange: (name: string, health: Health) => void,
    private readonly now: () => number = Date.now,
  ) {
    const since = now();
    for (const name of engines.keys()) this.states.set(name, { up: true, since });
  }

  of(name: string): Health {
    return this.states.get(name) ?? { up: false, since: 0, reason: 'unknown engine' };
  }

  /** Pings one engine now (a ping already in flight is joined). */
  check(name: string): Promise<void> {
    const running = this.inFlight.get(name);
    if (running) return running;
    const engine = this.engines.get(name);
    if (!engine) return Promise.resolve();
    const done = engine
      .ping()
      .then((r) => (r.ok ? this.answered(name, r.version) : this.failed(name, r.message)))
      .finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, done);
    return done;
  }

  checkAll(): Promise<void> {
    return Promise.all([...this.engines.keys()].map((n) => this.check(n))).then(() => undefined);
  }

  /** What a ping or a call made elsewhere learnt (a failed listing at boot, say). */
  answered(name: string, version?: string): void {
    this.misses.set(name, 0);
    const was = this.of(name);
    if (was.up) return void (version && (was.version = version));
    this.set(name, { up: true, since: this.now(), version: version ?? was.version });
  }

  failed(name: string, message: string): void {
    const misses = (this.misses.get(name) ?? 0) + 1;
    this.misses.set(name, misses);
    const was = this.of(name);
    if (!was.up) return void (was.reason = message);
    if (GONE.test(message) || misses >= SLOW_MISSES)
      this.set(name, { up: false, since: this.now(), reason: message, version: was.version });
  }

  private set(name: string, health: Health): void {
    this.states.set(name, health);
    this.onChange(name, health);
  }
}
