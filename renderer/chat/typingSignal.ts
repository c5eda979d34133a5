/**
 * When the composer tells the visitor "Rådgiveren skriver …": `true` on the first keystroke,
 * again at most every `refreshMs` while the counsellor keeps typing (so the visitor's indicator
 * does not time out), `false` once they pause for `idleMs`, empty the composer, send, or leave
 * the tab. Each method returns what to send now, or null for nothing; the clock is passed in.
 */
export const TYPING_REFRESH_MS = 3_000;
export const TYPING_IDLE_MS = 4_000;

export class TypingSignal {
  private typing = false;
  private lastSentAt = 0;
  private lastInputAt = 0;

  constructor(
    private readonly refreshMs = TYPING_REFRESH_MS,
    private readonly idleMs = TYPING_IDLE_MS,
  ) {}

  /** A change in the composer; `empty`: nothing left in it. */
  input(now: number, empty: boolean): boolean | null {
    if (empty) return this.stop();
    this.lastInputAt = now;
    if (this.typing && now - this.lastSentAt < this.refreshMs) return null;
    this.typing = true;
    this.lastSentAt = now;
    return true;
  }

  /** Called by a timer: the pause that ends "skriver". */
  tick(now: number): false | null {
    return this.typing && now - this.lastInputAt >= this.idleMs ? this.stop() : null;
  }

  /** Sent, emptied, or the tab left. */
  stop(): false | null {
    if (!this.typing) return null;
    this.typing = false;
    return false;
  }

  get isTyping(): boolean {
    return this.typing;
  }
}
