// UI strings of the terminal part (merged into messages.ts). French first; `terminalEn` must have the same keys.

export const terminalFr = {
  'terminal.input': 'Terminal du lab (shell root) — F6 pour en sortir',
  'terminal.keys.button': 'Clavier',
  'terminal.keys.title': 'Clavier et lecteur d’écran',
  'terminal.keys.exit':
    'F6 : quitter le terminal vers la leçon ; Maj+F6 : vers les boutons au-dessus du terminal.',
  'terminal.keys.shell': 'Tab, Maj+Tab et Échap restent au shell (complétion, vi).',
  'terminal.fontSize': 'Taille du texte : {size} px',
  'terminal.fontSmaller': 'Texte plus petit',
  'terminal.fontLarger': 'Texte plus grand',
  'terminal.screenReader': 'Mode lecteur d’écran',
  'terminal.screenReader.hint':
    'Le texte du terminal est exposé à votre lecteur d’écran (affichage un peu plus lent). Retenu dans ce navigateur.',
  'terminal.offline.keep':
    'Hors ligne : ce que vous tapez est gardé (jusqu’à 4 Ko) et sera envoyé au shell au retour de la connexion.',
  'terminal.offline.held': '{count} caractère(s) en attente d’envoi.',
  'terminal.offline.cut':
    'Limite atteinte : la suite de votre frappe n’est pas gardée et ne sera pas envoyée.',
} satisfies Record<string, string>;

export const terminalEn: Record<keyof typeof terminalFr, string> = {
  'terminal.input': 'Lab terminal (root shell) — F6 to leave it',
  'terminal.keys.button': 'Keyboard',
  'terminal.keys.title': 'Keyboard and screen reader',
  'terminal.keys.exit':
    'F6: leave the terminal for the lesson; Shift+F6: for the buttons above the terminal.',
  'terminal.keys.shell': 'Tab, Shift+Tab and Escape stay with the shell (completion, vi).',
  'terminal.fontSize': 'Text size: {size} px',
  'terminal.fontSmaller': 'Smaller text',
  'terminal.fontLarger': 'Larger text',
  'terminal.screenReader': 'Screen reader mode',
  'terminal.screenReader.hint':
    'The terminal’s text is exposed to your screen reader (slightly slower display). Remembered in this browser.',
  'terminal.offline.keep':
    'Offline: what you type is kept (up to 4 KB) and sent to the shell when the connection is back.',
  'terminal.offline.held': '{count} character(s) waiting to be sent.',
  'terminal.offline.cut': 'Limit reached: what you type next is not kept and will not be sent.',
};
