import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { phaseOfStatus, startPhaseText, type StartPhase } from '../../lib/lab-progress.js';

/**
 * A lab start in flight as the start panel tells it: the phase the server announced (lab:status), the
 * place in the queue and the seconds since the learner asked, ticking each second until the start ends.
 */
export class StartProgress implements ReactiveController {
  private phase: StartPhase = 'asked';
  private position = 0;
  private seconds = 0;
  private clock?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  begin(): void {
    this.phase = 'asked';
    this.position = 0;
    this.seconds = 0;
    const since = Date.now();
    clearInterval(this.clock);
    this.clock = setInterval(() => {
      this.seconds = (Date.now() - since) / 1000;
      this.host.requestUpdate();
    }, 1000);
    this.host.requestUpdate();
  }

  /** A `lab:status` heard while our start request is in flight (its lab id is not known yet). */
  heard(p: { state: string; phase?: string; position?: number }): void {
    this.position = p.state === 'queued' ? (p.position ?? 0) : 0;
    this.phase = phaseOfStatus(p) ?? this.phase;
    this.host.requestUpdate();
  }

  end(): void {
    clearInterval(this.clock);
    this.position = 0;
  }

  text(machines: number): string {
    return startPhaseText(this.phase, { position: this.position, machines, elapsedSeconds: this.seconds });
  }

  hostDisconnected(): void {
    clearInterval(this.clock);
  }
}
