// UI strings of the forms part (merged into messages.ts). French first; `formsEn` must have the same keys.

export const formsFr = {} satisfies Record<string, string>;

export const formsEn: Record<keyof typeof formsFr, string> = {};
