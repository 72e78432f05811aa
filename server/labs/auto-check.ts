/**
 * Checks a lab automatically a moment after its terminal goes quiet: debounced per lab, at most one run
 * in flight per lab (activity during a run schedules exactly one more).
 */
export class AutoChecker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, boolean>(); // labId → rerun requested

  constructor(
    private readonly run: (userId: string, labId: string) => Promise<void>,
    private readonly quietMs = 1500,
  ) {}

  /** Terminal activity (input or output) on a lab: restart its quiet timer. */
  poke(userId: string, labId: string): void {
    clearTimeout(this.timers.get(labId));
    const timer = setTimeout(() => this.fire(userId, labId), this.quietMs);
    timer.unref();
    this.timers.set(labId, timer);
  }

  cancel(labId: string): void {
    clearTimeout(this.timers.get(labId));
    this.timers.delete(labId);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private fire(userId: string, labId: string): void {
    this.timers.delete(labId);
    if (this.running.has(labId)) {
      this.running.set(labId, true);
      return;
    }
    this.running.set(labId, false);
    void this.run(userId, labId)
      .catch((err) => console.warn(`[auto-check] lab ${labId}: ${(err as Error).message}`))
      .finally(() => {
        const again = this.running.get(labId);
        this.running.delete(labId);
        if (again) this.poke(userId, labId);
      });
  }
}
