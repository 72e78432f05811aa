import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { User } from '../store/users-repo.js';
import type { TerminalSize } from '../sandbox/sandbox-runtime.js';
import { MAX_INPUT_CHUNK } from './events.js';
import type { PairShell } from './pair-types.js';
import { ackHandler } from './socket-ack.js';
import type { AtelierSocket } from './socket-server.js';
import type { TerminalManager } from './terminal-manager.js';
import type { TerminalSession, TerminalViewer } from './terminal-session.js';
import { socketLagging } from './trainer-events.js';

const hexId = z.string().regex(/^[a-f0-9]{16}$/);
const labSchema = z.object({ labId: hexId }).strict();
const attachSchema = z.object({ labId: hexId, terminalId: hexId }).strict();
const inputSchema = z.object({ viewId: hexId, data: z.string().max(MAX_INPUT_CHUNK) }).strict();
const viewSchema = z.object({ viewId: hexId }).strict();

export interface PairTerminalDeps {
  terminals: TerminalManager;
  /** The user, re-read from the database (a deleted account or a closed session stops at once). */
  userOf(userId: string): User | undefined;
  /** Throws unknown-lab unless the user may use the lab (theirs, or their pair's). */
  assertLab(userId: string, labId: string): void;
  nameOf(userId: string): string;
  /** Typing in a partner's shell is activity on the lab (idle culling, auto-check, time per exercise). */
  onActivity(userId: string, labId: string): void;
  logger: Logger;
}

interface View {
  id: string;
  socketId: string;
  userId: string;
  labId: string;
  session: TerminalSession;
  viewer: TerminalViewer;
}

/**
 * The shells of a pair's lab, for its members: the list of who opened which (`pair:terminals`, then
 * `pair:shells` at every change), and a member's writable view of a shell someone else opened
 * (`pair:attach`, `pair:input`), mirrored like a trainer's watch but with a keyboard. Every event
 * re-reads the user and re-checks their access to the lab: a member who left the pair loses it at once.
 */
export class PairTerminals {
  private readonly views = new Map<string, View>();
  /** Sockets following a lab's list of shells. */
  private readonly followers = new Map<string, { socket: AtelierSocket; labIds: Set<string> }>();

  constructor(private readonly d: PairTerminalDeps) {
    d.terminals.onLabSessions((labId) => this.labChanged(labId));
  }

  bind(socket: AtelierSocket): void {
    const handle = ackHandler(this.d.logger);
    const member = (labId: string): User => {
      const user = this.d.userOf(socket.data.user.id);
      if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
      this.d.assertLab(user.id, labId);
      return user;
    };

    socket.on(
      'pair:terminals',
      handle(labSchema, (p) => {
        const user = member(p.labId);
        const f = this.followers.get(socket.id) ?? { socket, labIds: new Set<string>() };
        f.labIds.add(p.labId);
        this.followers.set(socket.id, f);
        return { terminals: this.shells(p.labId, user.id) };
      }),
    );

    socket.on(
      'pair:attach',
      handle(attachSchema, (p) => {
        const user = member(p.labId);
        const session = this.d.terminals.liveSessions(p.labId).find((s) => s.id === p.terminalId);
        if (!session) throw new AppError('unknown-terminal', 'Terminal inconnu ou fermé.');
        const id = randomBytes(8).toString('hex');
        const viewer = this.viewerFor(socket, id, session);
        this.views.set(id, { id, socketId: socket.id, userId: user.id, labId: p.labId, session, viewer });
        // The ack goes out before the replay: the page sizes its screen first.
        setImmediate(() => this.views.has(id) && session.addViewer(viewer));
        return {
          viewId: id,
          ...session.size,
          owner: this.d.nameOf(session.userId),
          machine: session.machine,
        };
      }),
    );

    socket.on(
      'pair:input',
      handle(inputSchema, (p) => {
        const v = this.viewOf(p.viewId, socket.id);
        const user = member(v.labId);
        v.session.input(p.data);
        this.d.onActivity(user.id, v.labId);
      }),
    );

    socket.on(
      'pair:detach',
      handle(viewSchema, (p) => this.end(this.viewOf(p.viewId, socket.id))),
    );

    socket.on('disconnect', () => {
      this.followers.delete(socket.id);
      for (const v of [...this.views.values()]) if (v.socketId === socket.id) this.end(v);
    });
  }

  /** The lab's live shells with who opened them. */
  shells(labId: string, forUserId: string): PairShell[] {
    return this.d.terminals.liveSessions(labId).map((s) => ({
      terminalId: s.id,
      machine: s.machine,
      userId: s.userId,
      name: this.d.nameOf(s.userId),
      mine: s.userId === forUserId,
      open: s.attachedTo !== undefined,
    }));
  }

  /** The user lost the lab (they left the pair): their views of its shells end. */
  dropUser(userId: string, labId: string): void {
    for (const v of [...this.views.values()]) if (v.userId === userId && v.labId === labId) this.end(v, true);
  }

  private viewOf(viewId: string, socketId: string): View {
    const v = this.views.get(viewId);
    if (!v || v.socketId !== socketId) throw new AppError('unknown-terminal', 'Terminal inconnu ou fermé.');
    return v;
  }

  private viewerFor(socket: AtelierSocket, viewId: string, session: TerminalSession): TerminalViewer {
    // Without acks: while the link lags, output is dropped and the screen repainted once it drains.
    let stale = false;
    return {
      output: (data: Buffer, reset: boolean) => {
        if (socketLagging(socket)) {
          stale = true;
          return;
        }
        if (stale && !reset) data = session.recentOutput();
        socket.emit('pair:output', { viewId, data, reset: reset || stale });
        stale = false;
      },
      resize: (size: TerminalSize) => socket.emit('pair:size', { viewId, ...size }),
    };
  }

  private end(v: View, notify = false): void {
    v.session.removeViewer(v.viewer);
    this.views.delete(v.id);
    if (notify) this.followers.get(v.socketId)?.socket.emit('pair:ended', { viewId: v.id });
  }

  private labChanged(labId: string): void {
    const live = new Set(this.d.terminals.liveSessions(labId).map((s) => s.id));
    for (const v of [...this.views.values()]) {
      if (v.labId !== labId || live.has(v.session.id)) continue;
      this.views.delete(v.id);
      this.followers.get(v.socketId)?.socket.emit('pair:ended', { viewId: v.id });
    }
    for (const f of this.followers.values()) {
      if (!f.labIds.has(labId)) continue;
      const user = this.d.userOf(f.socket.data.user.id);
      try {
        if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
        this.d.assertLab(user.id, labId);
      } catch {
        f.labIds.delete(labId);
        continue;
      }
      f.socket.emit('pair:shells', { labId, terminals: this.shells(labId, user.id) });
    }
  }
}
