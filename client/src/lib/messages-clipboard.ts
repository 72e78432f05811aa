// UI strings of the terminal's copy and paste (merged into messages.ts). French first; `clipboardEn` must
// have the same keys. `{copy}` and `{paste}` are the platform's shortcuts (clipboard-keys.ts).

export const clipboardFr = {
  'clipboard.keys': 'Copier : {copy} ; coller : {paste}. Ctrl+C reste au shell (il interrompt la commande).',
  'clipboard.copy': 'Copier',
  'clipboard.copy.label': 'Copier la sélection du terminal',
  'clipboard.paste': 'Coller',
  'clipboard.paste.label': 'Coller dans le terminal',
  'clipboard.bar': 'Copier-coller',
  'clipboard.copied': 'Sélection copiée.',
  'clipboard.nothingSelected': 'Rien à copier : sélectionnez d’abord du texte dans le terminal.',
  'clipboard.copyRefused': 'Le navigateur a refusé la copie.',
  'clipboard.pasteRefused': 'Le navigateur ne laisse pas lire le presse-papiers : collez avec {paste}.',
  'clipboard.confirm.one': 'Coller 1 ligne ?',
  'clipboard.confirm.many': 'Coller {count} lignes ?',
  'clipboard.confirm.runOne': 'La ligne sera exécutée.',
  'clipboard.confirm.runMany': 'Chaque ligne sera exécutée.',
  'clipboard.confirm.more': '… et {count} ligne(s) de plus.',
  'clipboard.confirm.preview': 'Début du texte collé',
  'clipboard.confirm.paste': 'Coller',
  'clipboard.confirm.cancel': 'Annuler',
} satisfies Record<string, string>;

export const clipboardEn: Record<keyof typeof clipboardFr, string> = {
  'clipboard.keys': 'Copy: {copy}; paste: {paste}. Ctrl+C stays with the shell (it interrupts the command).',
  'clipboard.copy': 'Copy',
  'clipboard.copy.label': 'Copy the terminal’s selection',
  'clipboard.paste': 'Paste',
  'clipboard.paste.label': 'Paste into the terminal',
  'clipboard.bar': 'Copy and paste',
  'clipboard.copied': 'Selection copied.',
  'clipboard.nothingSelected': 'Nothing to copy: select some text in the terminal first.',
  'clipboard.copyRefused': 'The browser refused to copy.',
  'clipboard.pasteRefused': 'The browser does not let the page read the clipboard: paste with {paste}.',
  'clipboard.confirm.one': 'Paste 1 line?',
  'clipboard.confirm.many': 'Paste {count} lines?',
  'clipboard.confirm.runOne': 'The line will run.',
  'clipboard.confirm.runMany': 'Each line will run.',
  'clipboard.confirm.more': '… and {count} more line(s).',
  'clipboard.confirm.preview': 'Start of the pasted text',
  'clipboard.confirm.paste': 'Paste',
  'clipboard.confirm.cancel': 'Cancel',
};
