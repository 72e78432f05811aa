// What a learner reads while a course's lab image is prepared after a server start (server/labs/lab-images.ts).
import { t } from './i18n.js';
import type { ImageState } from './types.js';

/** How often a page asks again while an image is not ready. */
export const IMAGE_POLL_MS = 2_000;

/** `80` → `1 min 20 s`; `12` → `12 s` (the same in French and English). */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The status line for a course whose image is not ready; undefined when it is (or unknown). */
export function imageStateText(state: ImageState | undefined): string | undefined {
  switch (state?.state) {
    case undefined:
    case 'ready':
      return undefined;
    case 'building': {
      const elapsed = formatElapsed(state.elapsedSeconds);
      return state.steps > 0
        ? t('image.building', { step: state.step, steps: state.steps, elapsed })
        : t('image.buildingStart', { elapsed });
    }
    case 'queued':
      return t('image.queued', { position: state.position });
    case 'failed':
      return t('image.failed');
  }
}

/** The image state a 503 `image-building` / `image-failed` answer carries in its params. */
export function imageStateOfError(err: unknown): ImageState | undefined {
  const e = err as { reason?: string; params?: Record<string, string | number> } | null;
  const p = e?.params ?? {};
  if (e?.reason === 'image-failed') return { state: 'failed', reason: String(p.detail ?? '') };
  if (e?.reason !== 'image-building') return undefined;
  if (p.state === 'queued') return { state: 'queued', position: Number(p.position ?? 0) };
  const n = (k: string) => Number(p[k] ?? 0);
  return { state: 'building', step: n('step'), steps: n('steps'), elapsedSeconds: n('elapsed') };
}
