// While the engine holding the lab does not answer (lab:status `unavailable`), the page shows why over a
// terminal kept as it was; when the engine answers again with the lab (`running`, engine-back) the shells
// reopen. A lab the engine lost comes back as `removed` (reason `lost`): the page treats it as any removal.
import { t } from './i18n.js';

/** What the banner says: the server's reason, without the title the banner already shows. */
export interface Outage {
  message: string;
}

export interface AvailabilityStep {
  /** The banner to show; none once the lab is anything but unavailable. */
  outage?: Outage;
  /** The machine is back: reopen every shell (the old ones went with the engine's connection). */
  reopen: boolean;
}

export const ENGINE_BACK = 'engine-back';

/** The title the server's messages start with (« Machine indisponible : … »), said once by the banner. */
const TITLE_PREFIX = /^\s*(machine indisponible|machine unavailable)\s*:\s*/i;

/** The reason alone; the banner's default sentence when the server gave none. */
export function outageOf(message: string | undefined): Outage {
  const rest = (message ?? '').replace(TITLE_PREFIX, '').trim() || t('lab.unavailable.default');
  return { message: rest.charAt(0).toUpperCase() + rest.slice(1) };
}

/**
 * What a `lab:status` does to the banner. Shells reopen when the engine is back, and on any `running`
 * that ends an outage (the connection to the old shells went with it).
 */
export function availabilityAfter(
  outage: Outage | undefined,
  p: { state: string; reason?: string; message?: string },
): AvailabilityStep {
  if (p.state === 'unavailable') return { outage: outageOf(p.message), reopen: false };
  const back = p.state === 'running' && (!!outage || p.reason === ENGINE_BACK);
  return { reopen: back };
}

/** A shell refused because the lab's engine is down (a page loaded during the outage): the same banner. */
export const isEngineDown = (status: { kind: string; reason?: string }): boolean =>
  status.kind === 'failed' && status.reason === 'engine-down';
