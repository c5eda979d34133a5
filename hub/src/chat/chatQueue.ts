/**
 * The order in which waiting conversations are offered, and what a visitor is told about their
 * wait. New conversations join at the back; one handed back (transfer to the queue, a counsellor
 * gone) joins at the front, since its visitor has waited already.
 */
export class ChatQueue {
  private ids: string[] = [];

  get length(): number {
    return this.ids.length;
  }
  /** The waiting conversations, first first. */
  order(): readonly string[] {
    return this.ids;
  }
  /** Joins at the back; its place (1 = next). */
  pushBack(id: string): number {
    this.remove(id);
    this.ids.push(id);
    return this.ids.length;
  }
  pushFront(id: string): void {
    this.remove(id);
    this.ids.unshift(id);
  }
  remove(id: string): void {
    const index = this.ids.indexOf(id);
    if (index >= 0) this.ids.splice(index, 1);
  }
  /** 1-based; 0 if not waiting. */
  position(id: string): number {
    return this.ids.indexOf(id) + 1;
  }
}

/** Samples that count for the estimate: the last few answered, from the last while. */
const SAMPLES = 20;
const MIN_SAMPLES = 3;
const SAMPLE_MAX_AGE_MS = 2 * 60 * 60_000;

/**
 * An estimate of the wait from the recent ones: each answered conversation tells how long one
 * place in the queue took (its wait divided by the place it joined at); a visitor at place p is
 * told p times the mean of that. Unknown (null) until a few were answered recently, since a
 * wrong promise to someone in distress is worse than none.
 */
export class WaitEstimator {
  private samples: { atMs: number; perPlaceMs: number }[] = [];

  record(waitedMs: number, joinedAtPosition: number, nowMs: number): void {
    this.samples.push({ atMs: nowMs, perPlaceMs: Math.max(0, waitedMs) / Math.max(1, joinedAtPosition) });
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  /** Seconds for place `position`, or null while not known. */
  estimate(position: number, nowMs: number): number | null {
    this.samples = this.samples.filter((sample) => sample.atMs > nowMs - SAMPLE_MAX_AGE_MS);
    if (this.samples.length < MIN_SAMPLES) return null;
    const mean = this.samples.reduce((sum, sample) => sum + sample.perPlaceMs, 0) / this.samples.length;
    return Math.round((mean * position) / 1000);
  }
}
