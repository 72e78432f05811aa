// UI strings of the terminal part (merged into messages.ts). French first; `terminalEn` must have the same keys.

export const terminalFr = {} satisfies Record<string, string>;

export const terminalEn: Record<keyof typeof terminalFr, string> = {};
