import type { Logger } from 'pino';

/**
 * Runs `fn` every `everyMs`, never two runs at once (the next one is scheduled when the last ends), on an
 * unref'd timer so it never keeps the process alive. Errors are logged, not thrown: the next tick retries.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly fn: () => Promise<unknown> | void,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(): this {
    if (this.everyMs <= 0 || !this.stopped) return this;
    this.stopped = false;
    this.schedule();
    return this;
  }

  /** Runs once now (or joins the run in progress). */
  runNow(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.fn();
      } catch (err) {
        this.logger.warn({ err, task: this.name }, `${this.name}: ${(err as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.runNow().then(() => this.schedule()), this.everyMs);
    this.timer.unref();
  }
}
