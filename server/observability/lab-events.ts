import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * Turns the lab service's notifications into metrics and log lines: a start runs from `starting` to
 * `running` (or `error`) for one lab; a check result carries its duration and whether it was automatic.
 */
export class LabEvents {
  private readonly starting = new Map<string, number>();

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A container start runs from the first `queued` or `starting` to `running` or `error`. A `running`
   * with no start before it is a warm-pool hand-out (a rename: no duration worth a histogram).
   */
  status(userId: string, p: { labId: string; state: string; message?: string }): void {
    if (p.state === 'queued' || p.state === 'starting') {
      if (!this.starting.has(p.labId)) this.starting.set(p.labId, this.now());
      return;
    }
    if (p.state !== 'running' && p.state !== 'error') return;
    const t0 = this.starting.get(p.labId);
    this.starting.delete(p.labId);
    const result = p.state === 'running' ? 'ok' : 'error';
    if (t0 === undefined && result === 'ok') {
      this.metrics.labStarts.inc({ result, source: 'pool' });
      this.logger.info({ userId, labId: p.labId, source: 'pool' }, 'lab running');
      return;
    }
    // An error before any start (no disk room, say) is counted, without a duration.
    const seconds = t0 === undefined ? 0 : (this.now() - t0) / 1000;
    this.metrics.labStarts.inc({ result, source: 'container' });
    if (t0 !== undefined) this.metrics.labStartDuration.observe({ result }, seconds);
    const line = { userId, labId: p.labId, ms: Math.round(seconds * 1000), source: 'container' };
    if (result === 'ok') this.logger.info(line, 'lab running');
    else this.logger.warn({ ...line, message: p.message }, 'lab start failed');
  }

  checkResult(
    userId: string,
    p: { labId: string; exerciseId: string; passed: boolean; durationMs: number; auto?: boolean },
  ): void {
    const trigger = p.auto ? 'auto' : 'manual';
    this.metrics.checks.inc({ result: p.passed ? 'passed' : 'failed', trigger });
    this.metrics.checkDuration.observe({ trigger }, p.durationMs / 1000);
    // Automatic checks run each time the terminal goes quiet: only their passes are worth a line.
    const level = p.auto && !p.passed ? 'debug' : 'info';
    this.logger[level](
      { userId, labId: p.labId, exerciseId: p.exerciseId, passed: p.passed, ms: p.durationMs, trigger },
      'check',
    );
  }
}
