// What the views of someone else's shell share (a trainer's mirror, the trainer's demo, a partner's
// terminal) with the learner's own terminal where it applies: the screen as text, a chunk written.
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import { terminalFont, terminalTheme } from './terminal-theme.js';

/** An xterm for another person's shell: the learner's palette, a smaller font; `opts` adds to it. */
export const otherShellTerminal = (opts: ITerminalOptions = {}): Terminal =>
  new Terminal({
    theme: terminalTheme,
    fontFamily: terminalFont,
    fontSize: 13,
    lineHeight: 1.15,
    scrollback: 2000,
    ...opts,
  });

/** Rows `first` to `last` (exclusive; default the whole buffer) as text, trailing spaces trimmed. */
export function bufferText(term: Terminal | undefined, first = 0, last?: number): string {
  const buf = term?.buffer.active;
  if (!buf) return '';
  const lines: string[] = [];
  for (let y = first; y < (last ?? buf.length); y++)
    lines.push(buf.getLine(y)?.translateToString(true) ?? '');
  return lines.join('\n');
}

/** A chunk of another shell's output as Socket.IO hands it over; a repaint (`reset`) clears the screen first. */
export function writeShellChunk(
  term: Terminal | undefined,
  data: ArrayBuffer | Uint8Array,
  reset: boolean,
): void {
  if (reset) term?.reset();
  term?.write(data instanceof Uint8Array ? data : new Uint8Array(data));
}
