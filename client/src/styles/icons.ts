import { svg } from 'lit';

// Small inline icons (no icon font, no emoji: not every machine has an emoji font).
const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const bulbIcon = icon(
  svg`<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.4 1 1.1 1 1.8V16h5v-.3c0-.7.4-1.4 1-1.8A6 6 0 0 0 12 3z"/>`,
);
export const resetIcon = icon(svg`<path d="M3 12a9 9 0 1 0 3-6.7L3 8"/><path d="M3 3v5h5"/>`);
export const playIcon = icon(svg`<path d="M7 4l13 8-13 8z" fill="currentColor"/>`);
export const checkIcon = icon(svg`<path d="M20 6L9 17l-5-5"/>`);
export const globeIcon = icon(
  svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>`,
);
export const externalIcon = icon(
  svg`<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>`,
);
export const promptIcon = icon(svg`<path d="M5 7l5 5-5 5M12 17h7"/>`);
export const menuIcon = icon(svg`<path d="M4 6h16M4 12h16M4 18h16"/>`);
export const editIcon = icon(svg`<path d="M12 20h9"/><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/>`);
/** A door and an arrow in: signing in with an identity provider. */
export const loginIcon = icon(
  svg`<path d="M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4"/><path d="M10 17l5-5-5-5"/><path d="M15 12H3"/>`,
);
