import type { Config } from '../config.js';
import type { Db } from '../store/database.js';
import { AdminRepo } from '../store/admin-repo.js';
import { BOXED_LINK, type Logger } from './logger.js';

/** What to do when the Docker Engine does not answer, from the error it gave; undefined when unclear. */
export function dockerHint(message: string): string | undefined {
  if (/EACCES|permission denied/i.test(message))
    return (
      'The platform may not use the Docker socket. In docker-compose.yml it joins the socket’s group: ' +
      'set DOCKER_GID to the output of `stat -c %g /var/run/docker.sock` in .env, then `docker compose up -d`.'
    );
  if (/ENOENT|no such file/i.test(message)) {
    // The socket tried is in the message (`connect ENOENT /path`): DOCKER_HOST may name another one.
    const socket = /ENOENT (\/\S+)/.exec(message)?.[1] ?? '/var/run/docker.sock';
    return `No Docker socket at ${socket}: mount it (see docker-compose.yml) or point DOCKER_HOST at the engine.`;
  }
  return undefined;
}

/** The lines printed once the server listens: where to open it, and how to make the first admin. */
export function startupSummary(config: Config, port: number, db: Db): string[] {
  const local = `http://${config.host}:${port}`;
  const lines = [`Atelier is ready on ${local}`];
  if (config.publicOrigin) lines.push(`Public address: ${config.publicOrigin}/`);
  if (!new AdminRepo(db).countByRole().admin)
    lines.push(
      'No administrator yet: open the setup link below, or run ' +
        '`npm run admin -- create-user <name> --role admin` (Docker: `docker compose exec atelier npm run admin -- …`).',
    );
  return lines;
}

/** The first start's one-time setup link: boxed on a terminal, a `link` field in JSON lines. */
export function announceSetupLink(logger: Logger, link: string): void {
  logger.warn({ [BOXED_LINK]: link }, `First start: create the administrator account at ${link}`);
}
