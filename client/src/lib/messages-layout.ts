// UI strings of the layout part (merged into messages.ts). French first; `layoutEn` must have the same keys.

export const layoutFr = {} satisfies Record<string, string>;

export const layoutEn: Record<keyof typeof layoutFr, string> = {};
