/** What the queue tells its owner about the saves of one draft. */
export type SaveEvent<E> =
  | { type: 'saving'; draftId: string }
  | { type: 'saved'; draftId: string; savedAt: number }
  | { type: 'failed'; draftId: string; error: E };

/**
 * Saves drafts one at a time, latest form wins: a change made while a save is on its way
 * replaces any change still waiting for the same draft, and goes out when that save is answered.
 * So there are never two saves in flight, and the store never ends with an older form than the
 * counsellor's last keystroke. A failed save is kept until `retry` or a newer change.
 */
export class DraftSaveQueue<T, E = unknown> {
  private readonly pending = new Map<string, T>();
  private readonly failed = new Map<string, T>();
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly save: (draftId: string, form: T) => Promise<number>,
    private readonly report: (event: SaveEvent<E>) => void,
    private readonly toError: (error: unknown) => E,
  ) {}

  /** Queues the latest form of a draft; saves that failed before (of any draft) go again too. */
  push(draftId: string, form: T): void {
    if (this.closed) return;
    for (const [failedId, failedForm] of this.failed) if (failedId !== draftId) this.pending.set(failedId, failedForm);
    this.failed.clear();
    this.pending.set(draftId, form);
    this.drain();
  }

  /** Sends the failed saves again. */
  retry(): void {
    for (const [draftId, form] of this.failed) this.pending.set(draftId, form);
    this.failed.clear();
    this.drain();
  }

  /** Resolves once nothing is waiting or in flight: true when this draft's last save succeeded. */
  async flush(draftId?: string): Promise<boolean> {
    while (this.running) await this.running;
    return draftId === undefined ? this.failed.size === 0 : !this.failed.has(draftId);
  }

  /** Drops whatever waits for this draft (it was submitted: a later save would revive it). */
  forget(draftId: string): void {
    this.pending.delete(draftId);
    this.failed.delete(draftId);
  }

  /** Stops for good (logout): nothing more is sent or reported. */
  close(): void {
    this.closed = true;
    this.pending.clear();
    this.failed.clear();
  }

  isIdle(): boolean {
    return this.running === null;
  }

  private drain(): void {
    if (this.running || this.pending.size === 0) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  private async run(): Promise<void> {
    for (let next = this.take(); next && !this.closed; next = this.take()) {
      const [draftId, form] = next;
      this.report({ type: 'saving', draftId });
      try {
        const savedAt = await this.save(draftId, form);
        if (!this.closed && !this.pending.has(draftId)) this.report({ type: 'saved', draftId, savedAt });
      } catch (error) {
        if (this.closed) return;
        // A newer change is already waiting: it will be sent next and say how it went.
        if (!this.pending.has(draftId)) {
          this.failed.set(draftId, form);
          this.report({ type: 'failed', draftId, error: this.toError(error) });
        }
      }
    }
  }

  private take(): [string, T] | undefined {
    const next = this.pending.entries().next();
    if (next.done) return undefined;
    this.pending.delete(next.value[0]);
    return next.value;
  }
}
