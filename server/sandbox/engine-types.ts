/**
 * Several Docker Engines behind one SandboxRuntime (ATELIER_ENGINES). These are the parts the domain,
 * the routes, the CLI and the metrics see; only `sandbox/docker-*.ts` knows how an engine is reached.
 */

/** What the admin chose: `draining` keeps its running labs but takes no new one. */
export type EngineMode = 'active' | 'draining';

/** What placement and the admin see: `down` when the engine does not answer, whatever its mode. */
export type EngineState = EngineMode | 'down';

/** 0 = no limit. */
export interface EngineCapacity {
  labs: number;
  memoryBytes: number;
}

/** One engine as configured (server/sandbox/engine-config.ts reads ATELIER_ENGINES). */
export interface EngineConfig {
  /** `[a-z0-9][a-z0-9-]{0,31}`: in the database, the CLI and the metrics' `engine` label. */
  name: string;
  /** unix:///path, tcp://host:port (with `tls`), or ssh://user@host[:port]. */
  url: string;
  /** Mutual TLS for tcp:// (file paths, PEM). */
  tls?: { ca: string; cert: string; key: string };
  /**
   * ssh://: the private key file (default: the ssh agent in SSH_AUTH_SOCK) and the engine's host key
   * (`ssh-ed25519 AAAA…`, as ssh-keyscan prints it): any other host is refused.
   */
  ssh?: { key?: string; hostKey: string };
  capacity: EngineCapacity;
  /** The mode at start; the admin's later choice (database) wins over it. */
  mode: EngineMode;
  /** Where this engine's lab networks take their /28s (default ATELIER_LAB_SUBNETS). */
  labSubnets?: string;
}

/** One engine now, as the admin overview, `npm run admin -- engines` and /metrics show it. */
export interface EngineView {
  name: string;
  /** The URL without credentials. */
  address: string;
  mode: EngineMode;
  state: EngineState;
  /** Epoch ms since when it answers (up) or not (down). */
  since: number;
  /** Why it is down: the last error, for the admin and the learners' « machine indisponible ». */
  reason?: string;
  /** The engine's Docker version, once it answered. */
  version?: string;
  capacity: EngineCapacity;
  /** Labs placed on it (learners' labs and warm-pool labs) and the memory their machines may take. */
  used: { labs: number; pooled: number; memoryBytes: number };
  /** null: no limit. */
  free: { labs: number | null; memoryBytes: number | null };
  /** Lab images ready on it, of those the platform builds. */
  images: { ready: number; total: number };
}

/** Where placements and the admin's modes are kept (server/store/engines-repo.ts: SQLite). */
export interface EngineStore {
  placements(): [labId: string, engine: string][];
  place(labId: string, engine: string): void;
  unplace(labId: string): void;
  modes(): Map<string, EngineMode>;
  setMode(name: string, mode: EngineMode): void;
}

/** The engines behind a sandbox. */
export interface EngineFleet {
  /** Every engine now (named `status`, not `list`: the fleet is also the SandboxRuntime, whose list() is labs). */
  status(): EngineView[];
  /** Throws SandboxError('unknown-engine'). Persisted through the store; other processes see it within seconds. */
  setMode(name: string, mode: EngineMode): void;
  /** The engine holding the lab, if any. */
  engineOf(labId: string): string | undefined;
  /** Placements and modes from the database from now on (main.ts, once the database is open). */
  attach(store: EngineStore): void;
  /** Asks every engine now, and which of its labs run (the CLI, which has no health loop running); never throws. */
  refresh(): Promise<void>;
}
