// UI strings of the lab part (merged into messages.ts). French first; `labEn` must have the same keys.

export const labFr = {} satisfies Record<string, string>;

export const labEn: Record<keyof typeof labFr, string> = {};
