/**
 * What the operating system says about the person at the machine: the screen locked or the
 * machine suspended, and how long since the last keyboard or mouse input. Electron's
 * powerMonitor implements it (electron/shell/powerMonitorActivity.ts); the development browser
 * harness has no such source and uses `unknownSystemActivity`; tests drive `ManualSystemActivity`.
 */
export type SystemEvent = 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume';

export interface SystemActivity {
  /** Seconds since the last input at this machine. */
  idleSeconds(): number;
  /** Calls `listener` on every lock, unlock, suspend and resume; returns the unsubscriber. */
  subscribe(listener: (event: SystemEvent) => void): () => void;
}

/** No OS to ask (plain Node, the development harness): never locked, never idle. */
export const unknownSystemActivity: SystemActivity = {
  idleSeconds: () => 0,
  subscribe: () => () => undefined,
};

/** A machine whose lock, suspend and input a test sets by hand. */
export class ManualSystemActivity implements SystemActivity {
  private readonly listeners = new Set<(event: SystemEvent) => void>();
  private lastInputAt = Date.now();

  idleSeconds(): number {
    return Math.max(0, (Date.now() - this.lastInputAt) / 1000);
  }

  subscribe(listener: (event: SystemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last input was `seconds` ago. */
  inputSecondsAgo(seconds: number): void {
    this.lastInputAt = Date.now() - seconds * 1000;
  }

  emit(event: SystemEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Whether the machine is locked, from the events so far (a resume does not unlock a locked screen). */
export class LockTracker {
  private screenLocked = false;
  private suspended = false;

  /** Returns whether the locked state changed. */
  apply(event: SystemEvent): boolean {
    const before = this.locked;
    switch (event) {
      case 'lock-screen':
        this.screenLocked = true;
        break;
      case 'unlock-screen':
        this.screenLocked = false;
        break;
      case 'suspend':
        this.suspended = true;
        break;
      case 'resume':
        this.suspended = false;
        break;
    }
    return before !== this.locked;
  }

  get locked(): boolean {
    return this.screenLocked || this.suspended;
  }
}
