import { createHmac, randomUUID } from 'node:crypto';
import type { ContactKey, ContactKeysResponse } from '../../shared/hub/contactsApi';
import type { Logger } from '../services/logger';
import { describeFailure } from './hubClient';
import type { HubConnection, SessionResult } from './hubConnection';

/** Counts a caller's contacts in the hub's window; null when that cannot be known in time. */
export interface ReturningContactCounter {
  count(pseudonym: string): Promise<number | null>;
  /** Drops the cached keys (at logout: nothing of a session outlives it). */
  forget(): void;
}

/**
 * Returning contacts across workstations (DESIGN.md §1.2, issue 6 point 4). The pseudonym the
 * provider sends never leaves this process: the hub gets HMAC-SHA256(key, pseudonym) under each
 * of its current keys (kept here in memory only, until the current key's `validUntil`) and
 * answers how many contacts that caller had in its window, this one included.
 *
 * A phone is ringing while this runs, so it never waits long: the whole look-up (keys included)
 * has one deadline, and any failure is a null count, never an error.
 */
export class HubReturningContacts implements ReturningContactCounter {
  private keys: { response: ContactKeysResponse; until: number } | null = null;

  constructor(
    private readonly hub: HubConnection,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async count(pseudonym: string): Promise<number | null> {
    const signal = AbortSignal.timeout(this.hub.client.timeouts.contactsMs);
    // Random per contact, and the same on a retry, so the hub counts this contact once.
    const contactId = randomUUID();
    for (const attempt of [1, 2]) {
      const keys = await this.currentKeys(signal, attempt === 2);
      if (!keys) return null;
      const hashes = keys.keys.map((key) => ({ keyId: key.keyId, hash: hashOf(key, pseudonym) }));
      const result = await this.hub.authorized((client, token) => client.recordSighting(token, { contactId, hashes }, signal));
      if (result.ok) return result.value.contactsInWindow;
      // A 400 after a key rotation names a key the hub has dropped: fetch the keys again, once.
      if (attempt === 1 && result.failure.kind === 'refused' && result.failure.error === 'invalid-request') continue;
      this.failed('sighting', result);
      return null;
    }
    return null;
  }

  forget(): void {
    this.keys = null;
  }

  private async currentKeys(signal: AbortSignal, refresh: boolean): Promise<ContactKeysResponse | null> {
    if (!refresh && this.keys && this.now() < this.keys.until) return this.keys.response;
    const result = await this.hub.authorized((client, token) => client.contactKeys(token, signal));
    if (!result.ok) {
      this.failed('keys', result);
      return null;
    }
    const until = Date.parse(result.value.keys[0]?.validUntil ?? '');
    this.keys = Number.isNaN(until) ? null : { response: result.value, until };
    return result.value;
  }

  private failed(step: string, result: SessionResult<unknown>): void {
    if (result.ok) return;
    const failure = result.failure.kind === 'no-session' ? 'no-session' : describeFailure(result.failure);
    this.log.warn('contacts', 'returning-contact count unavailable', { step, failure });
  }
}

/** HMAC-SHA256 under the hub's key (32 bytes, base64), as lower-case hex. */
export function hashOf(key: ContactKey, pseudonym: string): string {
  return createHmac('sha256', Buffer.from(key.key, 'base64')).update(pseudonym, 'utf8').digest('hex');
}
