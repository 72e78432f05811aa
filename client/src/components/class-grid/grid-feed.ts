import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { applyProgress, clockSkew } from '../../lib/class-grid-model.js';
import { i18n } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { ClassGrid, ClassProgressPayload } from '../../lib/types.js';

const TICK_MS = 15_000;

/**
 * The live grid of one class for its host: subscribes over Socket.IO (the ack brings the whole grid),
 * applies `class:progress` updates, resubscribes after a reconnect or a language change, and ticks the
 * clock (server time) so "stuck" and durations follow time without any message.
 */
export class GridFeed implements ReactiveController {
  grid?: ClassGrid;
  live = false;
  error?: unknown;
  /** Server time, refreshed every 15 s. */
  now = Date.now();
  private classId = '';
  private skew = 0;
  private timer?: ReturnType<typeof setInterval>;
  private unlisten?: () => void;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const s = getSocket();
    const onProgress = (p: ClassProgressPayload) => {
      if (this.grid) this.update({ grid: applyProgress(this.grid, p) });
    };
    const onConnect = () => void this.subscribe();
    const onDisconnect = () => this.update({ live: false });
    s.on('class:progress', onProgress).on('connect', onConnect).on('disconnect', onDisconnect);
    this.unlisten = () => {
      s.off('class:progress', onProgress).off('connect', onConnect).off('disconnect', onDisconnect);
      if (s.connected && this.classId) s.emit('class:unsubscribe', { classId: this.classId });
    };
    this.timer = setInterval(() => this.update({ now: Date.now() + this.skew }), TICK_MS);
  }

  hostDisconnected(): void {
    this.unlisten?.();
    clearInterval(this.timer);
  }

  /** Follows another class (or the same one again, e.g. in another language). */
  follow(classId: string): void {
    this.classId = classId;
    void this.subscribe();
  }

  /** A local change the server confirmed (e.g. the class's settings). */
  replace(grid: ClassGrid): void {
    this.update({ grid });
  }

  private async subscribe(): Promise<void> {
    const s = getSocket();
    if (!s.connected || !this.classId) return; // the 'connect' listener comes back here
    try {
      const ack = await s
        .timeout(10_000)
        .emitWithAck('class:subscribe', { classId: this.classId, lang: i18n.lang });
      if (!ack.ok) return this.update({ error: ack });
      this.skew = clockSkew(ack.grid);
      this.update({ grid: ack.grid, live: true, error: undefined, now: Date.now() + this.skew });
      document.title = `${ack.grid.class.name} · Atelier`;
    } catch (err) {
      // Lost with the connection (a server restart): not an error, 'connect' subscribes again.
      if (s.connected) this.update({ error: err });
    }
  }

  private update(p: Partial<Pick<GridFeed, 'grid' | 'live' | 'error' | 'now'>>): void {
    Object.assign(this, p);
    this.host.requestUpdate();
  }
}
