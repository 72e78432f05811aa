import { svg } from 'lit';

const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg class="icon" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

const folderClosed = icon(
  svg`<path d="M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z"/>`,
);
const folderOpen = icon(
  svg`<path d="M3 6a1 1 0 0 1 1-1h5l2 2h8a1 1 0 0 1 1 1v2H7l-4 9z"/><path d="M3 19l3-8h16l-3 8z"/>`,
);

export const folderIcon = (open: boolean) => (open ? folderOpen : folderClosed);
export const fileIcon = icon(svg`<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>`);
