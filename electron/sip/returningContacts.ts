import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const DAY_MS = 24 * 3600_000;

interface StoredState {
  /** HMAC key, base64. Local to this workstation. */
  key: string;
  /** keyed hash of a pseudonym → times of contact (ms). */
  contacts: Record<string, number[]>;
}

/**
 * Counts contacts from the same caller pseudonym (DESIGN.md §1.2) within a window, without
 * keeping the pseudonym: only an HMAC of it under a local key, and only for the window's length.
 * (The encrypted store replaces this file once it exists; the hub shares counts across
 * workstations.)
 */
export class ReturningContacts {
  private state: StoredState;

  constructor(
    private readonly file: string,
    private readonly options: { windowDays: number; now?: () => number },
  ) {
    this.state = this.load();
    this.prune();
  }

  /** Records a contact now and returns how many the window holds for this caller, this one included. */
  record(pseudonym: string): number {
    const hash = createHmac('sha256', Buffer.from(this.state.key, 'base64')).update(pseudonym).digest('hex');
    this.prune();
    const times = this.state.contacts[hash] ?? [];
    times.push(this.now());
    this.state.contacts[hash] = times;
    this.save();
    return times.length;
  }

  get windowDays(): number {
    return this.options.windowDays;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Forgets every contact older than the window, and callers with none left. */
  private prune(): void {
    const oldest = this.now() - this.options.windowDays * DAY_MS;
    for (const [hash, times] of Object.entries(this.state.contacts)) {
      const kept = times.filter((time) => time > oldest);
      if (kept.length === 0) delete this.state.contacts[hash];
      else this.state.contacts[hash] = kept;
    }
  }

  private load(): StoredState {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<StoredState>;
      if (typeof parsed.key === 'string' && parsed.contacts && typeof parsed.contacts === 'object') {
        return { key: parsed.key, contacts: parsed.contacts };
      }
    } catch {
      // Missing or unreadable: start a new window with a new key (old hashes become unlinkable).
    }
    return { key: randomBytes(32).toString('base64'), contacts: {} };
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }
}
