import type { ITheme } from '@xterm/xterm';

/** A calm dark palette with readable ANSI colours (contrast ≥ 4.5:1 on the background). */
export const terminalTheme: ITheme = {
  background: '#14171d',
  foreground: '#dbe1ea',
  cursor: '#f4c46b',
  cursorAccent: '#14171d',
  selectionBackground: '#3a4a66',
  black: '#262b35',
  red: '#f2777a',
  green: '#8fd18c',
  yellow: '#f4c46b',
  blue: '#72b4ff',
  magenta: '#d09cf2',
  cyan: '#66d6e0',
  white: '#dbe1ea',
  brightBlack: '#7c8596',
  brightRed: '#ff9c9e',
  brightGreen: '#b2eaa9',
  brightYellow: '#ffd991',
  brightBlue: '#9fcbff',
  brightMagenta: '#e4bfff',
  brightCyan: '#98ebf1',
  brightWhite: '#ffffff',
};

export const terminalFont =
  "ui-monospace, 'DejaVu Sans Mono', 'Cascadia Mono', Menlo, Consolas, 'Liberation Mono', monospace";
