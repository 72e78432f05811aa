import type { Logger } from 'pino';
import { z } from 'zod';
import type { ShownFile } from './events.js';
import { ackHandler } from './socket-ack.js';
import { labId, machine } from './socket-schemas.js';
import type { AtelierSocket } from './socket-server.js';

export type { ShownFile };

const shownSchema = z
  .object({
    labId,
    machine: machine.optional(),
    path: z.string().min(1).max(4096).startsWith('/').nullable(),
  })
  .strict();

/**
 * Which file each lab's editor shows, as its learner's page says (`editor:shown`), so a trainer watching
 * the lab sees it. Memory only: a page that reconnects says it again; a closed page shows nothing.
 */
export class EditorPresence {
  private readonly shown = new Map<string, { file: ShownFile; socketId: string }>();

  constructor(private readonly notify: (labId: string, file: ShownFile | null) => void) {}

  of(labId: string): ShownFile | undefined {
    return this.shown.get(labId)?.file;
  }

  show(labId: string, socketId: string, file: ShownFile | null): void {
    const before = this.shown.get(labId);
    if (file) this.shown.set(labId, { file, socketId });
    else if (before?.socketId === socketId) this.shown.delete(labId);
    else return; // another page of the lab still shows its file
    if (!sameFile(before?.file, file ?? undefined)) this.notify(labId, file);
  }

  /** A save: watchers showing that file read it again. */
  saved(labId: string, machine: string, path: string, version: string): void {
    const cur = this.shown.get(labId);
    if (!cur || cur.file.machine !== machine || cur.file.path !== path) return;
    cur.file = { machine, path, version };
    this.notify(labId, cur.file);
  }

  socketGone(socketId: string): void {
    for (const [labId, cur] of [...this.shown])
      if (cur.socketId === socketId) this.show(labId, socketId, null);
  }
}

const sameFile = (a: ShownFile | undefined, b: ShownFile | undefined) =>
  a?.machine === b?.machine && a?.path === b?.path && a?.version === b?.version;

/** `editor:shown` from a learner's page: only for a lab they work on (`machineOf` checks it and the machine). */
export function bindEditorEvents(
  socket: AtelierSocket,
  d: {
    presence: EditorPresence;
    machineOf(userId: string, labId: string, machine: string | undefined): string;
    logger: Logger;
  },
): void {
  const handle = ackHandler(d.logger);
  const userId = socket.data.user.id;
  socket.on(
    'editor:shown',
    handle(shownSchema, (p) => {
      const machine = d.machineOf(userId, p.labId, p.machine);
      d.presence.show(p.labId, socket.id, p.path === null ? null : { machine, path: p.path });
    }),
  );
  socket.on('disconnect', () => d.presence.socketGone(socket.id));
}
