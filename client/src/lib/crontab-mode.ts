// A small stream parser for crontab files: comments, `NAME=value` lines, the five time fields
// (or an @reboot-style nickname), the user field of system crontabs, then the command.
import type { StreamParser } from '@codemirror/language';

interface CronState {
  /** Fields read on this line so far. */
  field: number;
  /** `/etc/crontab` and `/etc/cron.d/*` have a user field after the time. */
  kind: 'time' | 'command' | 'variable';
}

const TIME_FIELD =
  /^[\d*,/-]+|^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)\b/i;

/** Builds the parser; `userField`: the crontab names a user after the time fields. */
export function crontabParser(userField: boolean): StreamParser<CronState> {
  return {
    name: 'crontab',
    startState: () => ({ field: 0, kind: 'time' }),
    token(stream, state) {
      if (stream.sol()) {
        state.field = 0;
        state.kind = 'time';
      }
      if (stream.eatSpace()) return null;
      if (state.kind === 'command') {
        stream.skipToEnd();
        return 'string';
      }
      if (state.field === 0 && stream.peek() === '#') {
        stream.skipToEnd();
        return 'comment';
      }
      if (state.field === 0 && stream.match(/^[A-Za-z_][\w]*(?=\s*=)/)) {
        state.kind = 'variable';
        state.field = 1;
        return 'variableName';
      }
      if (state.kind === 'variable') {
        if (stream.eat('=')) return 'operator';
        stream.skipToEnd();
        return 'string';
      }
      if (state.field === 0 && stream.match(/^@\w+/)) {
        state.field = 5;
        return 'keyword';
      }
      if (state.field < 5 && stream.match(TIME_FIELD)) {
        state.field++;
        return 'number';
      }
      if (state.field === 5 && userField && stream.match(/^\S+/)) {
        state.field++;
        state.kind = 'command';
        return 'variableName.special';
      }
      state.kind = 'command';
      stream.skipToEnd();
      return 'string';
    },
    languageData: { commentTokens: { line: '#' } },
  };
}

/** A user's crontab (`crontab -e`, /var/spool/cron/…): no user field. */
export const crontab = crontabParser(false);
/** /etc/crontab and /etc/cron.d/*: a user field after the time. */
export const systemCrontab = crontabParser(true);
