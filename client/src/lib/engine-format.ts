// How the admin's engines page words an engine: its badge, its labs and memory out of its capacity.
import type { EngineMode, EngineView } from '../../../server/sandbox/engine-types.js';
import { i18n, t } from './i18n.js';

/** The badge's words and colour: down whatever the mode, else the admin's mode. */
export function engineBadge(e: EngineView): { text: string; tone: 'ok' | 'warn' | 'down' } {
  if (e.state === 'down') return { text: t('engines.state.down'), tone: 'down' };
  return e.state === 'draining'
    ? { text: t('engines.state.draining'), tone: 'warn' }
    : { text: t('engines.state.active'), tone: 'ok' };
}

/** What the engine's button asks for: draining an active engine, reactivating a drained one. */
export const nextMode = (e: EngineView): EngineMode => (e.mode === 'active' ? 'draining' : 'active');

/** `5,0 Gio` / `5.0 GiB`. */
export function formatGib(bytes: number): string {
  const n = new Intl.NumberFormat(i18n.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return t('engines.gib', { n: n.format(bytes / 2 ** 30) });
}

/** Labs placed (learners' and warm pool's) out of the capacity, and the room left. */
export function labsText(e: EngineView): { used: string; free: string } {
  const placed = e.used.labs + e.used.pooled;
  return e.capacity.labs
    ? { used: `${placed} / ${e.capacity.labs}`, free: t('engines.free', { n: e.free.labs ?? 0 }) }
    : { used: String(placed), free: t('engines.noLimit') };
}

/** The memory the engine's labs may take, out of its capacity. */
export const memoryText = (e: EngineView): string =>
  e.capacity.memoryBytes
    ? `${formatGib(e.used.memoryBytes)} / ${formatGib(e.capacity.memoryBytes)}`
    : formatGib(e.used.memoryBytes);
