import { svg } from 'lit';

// Icons of the trainer pages, drawn like styles/icons.ts (inline SVG, no icon font, no emoji).
const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const eyeIcon = icon(
  svg`<path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`,
);
export const messageIcon = icon(
  svg`<path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/>`,
);
export const copyIcon = icon(
  svg`<rect x="9" y="9" width="13" height="13" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/>`,
);
export const downloadIcon = icon(svg`<path d="M12 3v12M7 10l5 5 5-5M5 21h14"/>`);
/** Catch up: forward to a later exercise. */
export const forwardIcon = icon(svg`<path d="M4 6l7 6-7 6zM13 6l7 6-7 6z"/>`);
/** Restore a checkpoint: back in time. */
export const historyIcon = icon(
  svg`<path d="M3 12a9 9 0 1 0 3-6.7L3 8"/><path d="M3 3v5h5"/><path d="M12 7v5l3 2"/>`,
);
