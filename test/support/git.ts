import { execFileSync } from 'node:child_process';

/** git in `cwd` as a fixed author, new repositories on `main`: the tests' course libraries. */
export function git(cwd: string, ...args: string[]): string {
  const id = [
    '-c',
    'user.name=Auteur',
    '-c',
    'user.email=auteur@example.org',
    '-c',
    'init.defaultBranch=main',
  ];
  return execFileSync('git', [...id, ...args], { cwd, encoding: 'utf8' }).trim();
}
