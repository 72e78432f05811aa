// Which highlighting a file gets, from its path (and its first line for scripts without an extension).
// `languageOf` is pure (test/unit/client/editor-languages.test.ts); `loadLanguage` fetches the
// CodeMirror part only when a file of that kind is opened.
import { StreamLanguage } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

export type LanguageId = 'shell' | 'nginx' | 'ini' | 'yaml' | 'json' | 'markdown' | 'crontab' | 'text';

const SHELL_NAMES = new Set([
  '.bashrc',
  '.bash_profile',
  '.bash_aliases',
  '.bash_logout',
  '.profile',
  '.zshrc',
  'profile',
  'bash.bashrc',
  'rc.local',
]);

const BY_EXTENSION: Record<string, LanguageId> = {
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ini: 'ini',
  cnf: 'ini',
  cfg: 'ini',
  conf: 'ini',
  env: 'ini',
  properties: 'ini',
  desktop: 'ini',
  service: 'ini',
  timer: 'ini',
  socket: 'ini',
  mount: 'ini',
  target: 'ini',
  path: 'ini',
  network: 'ini',
  netdev: 'ini',
  yml: 'yaml',
  yaml: 'yaml',
  json: 'json',
  md: 'markdown',
  markdown: 'markdown',
  nginx: 'nginx',
};

const under = (path: string, ...dirs: string[]) => dirs.some((d) => path.startsWith(d));

/** The language of a file: first what its folder says, then its name, its first line, its extension. */
export function languageOf(path: string, firstLine = ''): LanguageId {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  if (path === '/etc/crontab' || name === 'crontab' || under(path, '/etc/cron.d/', '/var/spool/cron/'))
    return 'crontab';
  // Everything under nginx's folders speaks nginx (sites-available/default has no extension).
  if (under(path, '/etc/nginx/') && !['html', 'htm', 'md', 'json', 'yml', 'yaml'].includes(ext))
    return 'nginx';
  if (under(path, '/etc/systemd/', '/lib/systemd/', '/usr/lib/systemd/', '/run/systemd/') && ext !== 'sh')
    return 'ini';
  if (/^#!.*\b(ba|z|k|da)?sh\b/.test(firstLine)) return 'shell';
  if (SHELL_NAMES.has(lower) || under(path, '/etc/init.d/', '/etc/default/', '/etc/profile.d/'))
    return 'shell';
  // Apache's .conf files are no INI files: plain text beats wrong colours.
  if (ext === 'conf' && under(path, '/etc/apache2/')) return 'text';
  return BY_EXTENSION[ext] ?? 'text';
}

/** /etc/crontab and /etc/cron.d/* name a user after the five time fields. */
export const isSystemCrontab = (path: string): boolean =>
  path === '/etc/crontab' || path.startsWith('/etc/cron.d/');

/** The CodeMirror extension highlighting a language (loaded on first use; none for plain text). */
export async function loadLanguage(id: LanguageId, path = ''): Promise<Extension> {
  switch (id) {
    case 'shell':
      return StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell);
    case 'nginx':
      return StreamLanguage.define((await import('@codemirror/legacy-modes/mode/nginx')).nginx);
    case 'ini':
      return StreamLanguage.define((await import('@codemirror/legacy-modes/mode/properties')).properties);
    case 'crontab': {
      const modes = await import('./crontab-mode.js');
      return StreamLanguage.define(isSystemCrontab(path) ? modes.systemCrontab : modes.crontab);
    }
    case 'yaml':
      return (await import('@codemirror/lang-yaml')).yaml();
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown();
    default:
      return [];
  }
}
