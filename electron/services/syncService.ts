import { randomUUID } from 'node:crypto';
import type { SyncStatus } from '../../shared/contract/schemas';
import { SYNC_BATCH_MAX_RECORDS, type SyncBatchRequest, type SyncBatchResponse, type SyncRecordResult } from '../../shared/hub/syncApi';
import { fullJitterDelay, type BackoffOptions } from '../hub/backoff';
import { describeFailure } from '../hub/hubClient';
import type { HubConnection, SessionResult } from '../hub/hubConnection';
import type { OutboxItem, RecordStore } from '../store/recordStore';
import type { Logger } from './logger';

/*
 * Exactly once, across crashes (DESIGN.md I4). Why this loop cannot lose or double a record:
 *
 * - A record's id is the client-generated UUID of its draft, fixed before the record is final,
 *   and a final record's content never changes (finalizeRecord is idempotent). The same id thus
 *   always travels with the same content.
 * - The store deletes a record only in markAcknowledged, i.e. after the hub answered `stored`
 *   or `duplicate` for exactly that id. Both mean "the hub has this record", and the hub commits
 *   the records before it answers (one transaction per batch).
 * - The hub inserts on the id with ON CONFLICT DO NOTHING and compares content hashes, so any
 *   number of resends of a record leaves one row; a resend is answered `duplicate`.
 *
 * So at every point a crash can hit: before the send, the record is still in the outbox and is
 * sent after the restart. During the send or after the hub committed but before
 * markAcknowledged was written, the record is still in the outbox, is sent again, and the hub
 * answers `duplicate`, which deletes it here. After markAcknowledged, the hub has it and the
 * workstation does not. No state in between exists, because the outbox row is the only marker.
 * A failure that is not an answer (network, timeout, 5xx, a body that does not validate) proves
 * nothing, so it never deletes: the records stay due and go again after a backoff. A record the
 * hub refuses for good is quarantined: kept, never resent, and visible, never dropped.
 */

/** What the service needs of the record store: the outbox operations only. */
export type OutboxStore = Pick<RecordStore, 'pendingOutbox' | 'markAcknowledged' | 'markSyncFailed' | 'quarantine' | 'outboxStatus'>;

/** The hub, as the sync needs it: a session, and the batch endpoint under that session. */
export interface SyncHub {
  hasSession(): boolean;
  sendBatch(batch: SyncBatchRequest): Promise<SessionResult<SyncBatchResponse>>;
}

export function syncHubOf(connection: HubConnection): SyncHub {
  return {
    hasSession: () => connection.hasSession(),
    sendBatch: (batch) => connection.authorized((client, token) => client.sendBatch(token, batch)),
  };
}

export type SyncTrigger = 'opened' | 'submitted' | 'login' | 'online' | 'timer';

export interface SyncOptions {
  batchSize: number;
  /** Looks for due records this often even when nothing else triggers a send. */
  intervalMs: number;
  backoff: BackoffOptions;
}

export const defaultSyncOptions: SyncOptions = {
  batchSize: SYNC_BATCH_MAX_RECORDS,
  intervalMs: 60_000,
  backoff: { baseMs: 2_000, capMs: 5 * 60_000 },
};

type SyncError = NonNullable<SyncStatus['lastError']>;
type Step = 'continue' | 'smaller' | 'stop';

/**
 * Drains the record store's outbox to the hub while a hub session exists: batches of due
 * records under a fresh batch id, one batch in flight at a time, each record settled by the
 * hub's answer for it (see the comment above for why that is exactly once).
 *
 * A hub that does not answer, answers 5xx or 429 puts the link into backoff (full jitter,
 * capped): the records stay in the outbox, due again at once as far as the store is concerned
 * (their attempts and error are kept for the administrator), and this service waits out the
 * delay in memory. The backoff belongs to the link, not to a record: when the link is seen
 * coming back, or someone logs in, the next send starts at once, and a restart is a fresh start.
 */
export class SyncService {
  private store: OutboxStore | null = null;
  private running = false;
  private rerun = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastError: SyncError | null = null;
  private lastSyncedAt: number | null = null;
  /** What the renderer was last told; it reads the start state with `sync:status`, then gets changes. */
  private published: SyncStatus = { pending: 0, quarantined: 0, lastError: null, lastSyncedAt: null };
  private drained: Promise<void> = Promise.resolve();
  private readonly options: SyncOptions;

  constructor(
    private readonly hub: SyncHub,
    private readonly log: Logger,
    private readonly onStatus: (status: SyncStatus) => void,
    options: Partial<SyncOptions> = {},
    private readonly clock: { now: () => number; random: () => number } = { now: Date.now, random: Math.random },
  ) {
    this.options = { ...defaultSyncOptions, ...options };
    if (this.options.batchSize < 1 || this.options.batchSize > SYNC_BATCH_MAX_RECORDS) throw new RangeError(`batchSize is 1..${SYNC_BATCH_MAX_RECORDS}`);
  }

  /** The record store is open: its outbox is what this service drains. */
  attach(store: OutboxStore): void {
    this.store = store;
    this.trigger('opened');
  }

  /** Before the store closes. A send in flight finds the store gone and writes nothing. */
  detach(): void {
    clearTimeout(this.timer);
    this.store = null;
    this.publish();
  }

  status(): SyncStatus {
    let outbox = { pending: 0, quarantined: 0 };
    try {
      if (this.store) outbox = this.store.outboxStatus();
    } catch {
      // The store reports its own failures; the status bar keeps the last counts it had.
      outbox = this.published;
    }
    return { pending: outbox.pending, quarantined: outbox.quarantined, lastError: this.lastError, lastSyncedAt: this.lastSyncedAt };
  }

  /** Something happened that may let records go: send now, unless the link is in backoff. */
  trigger(reason: SyncTrigger): void {
    this.publish();
    if (!this.store) return;
    // A new session, or a link seen coming back, is worth a try at once whatever the backoff said.
    if (reason === 'login' || reason === 'online') this.retryAt = 0;
    if (this.running) {
      this.rerun = true;
      return;
    }
    const wait = this.retryAt - this.clock.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    clearTimeout(this.timer);
    this.running = true;
    this.drained = this.drain().then(() => this.afterDrain());
  }

  /** Settles when no send is in flight (tests, and an orderly shutdown). */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.drained;
      await current;
    } while (current !== this.drained);
  }

  dispose(): void {
    this.detach();
  }

  private afterDrain(): void {
    this.running = false;
    this.publish();
    if (this.rerun) {
      this.rerun = false;
      this.trigger('timer');
      return;
    }
    if (!this.store || !this.hub.hasSession()) return; // a login triggers the next send
    const wait = this.retryAt - this.clock.now();
    this.schedule(wait > 0 ? wait : this.options.intervalMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.trigger('timer'), Math.max(10, delayMs));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    let batchSize = this.options.batchSize;
    try {
      while (this.store && this.hub.hasSession()) {
        const store = this.store;
        const batch = store.pendingOutbox(batchSize);
        if (batch.length === 0) return;
        const step = await this.send(store, batch);
        this.publish();
        if (step === 'stop') return;
        if (step === 'smaller') batchSize = Math.max(1, Math.ceil(batch.length / 2));
      }
    } catch (error) {
      // The store failed (it logs its own details): the records are where they were.
      this.log.error('sync', 'outbox could not be read or updated', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private async send(store: OutboxStore, batch: readonly OutboxItem[]): Promise<Step> {
    const ids = batch.map((item) => item.recordId);
    const result = await this.hub.sendBatch({ batchId: randomUUID(), records: batch.map((item) => item.payload) });
    // The store closed meanwhile: write nothing; what the hub has will come back as duplicates.
    if (store !== this.store) return 'stop';
    if (result.ok) return this.settle(store, batch, result.value.results);
    const { failure } = result;
    switch (failure.kind) {
      case 'no-session':
        return 'stop';
      case 'network':
        return this.retryLater(store, ids, 'hub-unreachable', describeFailure(failure));
      case 'timeout':
        return this.retryLater(store, ids, 'hub-timeout', describeFailure(failure));
      case 'server':
      case 'malformed':
        return this.retryLater(store, ids, 'hub-error', describeFailure(failure));
      case 'refused':
        // The session ended (HubConnection locks the workstation); the hub read nothing.
        if (failure.status === 401) return 'stop';
        if (failure.error === 'rate-limited') return this.retryLater(store, ids, 'hub-busy', describeFailure(failure), failure.retryAfterMs);
        if (failure.error === 'too-large' && batch.length > 1) return 'smaller';
        if (failure.error === 'invalid-request' || failure.error === 'too-large') {
          // The hub refuses the batch as such and would refuse it again: keep it, stop sending it, show it.
          for (const id of ids) store.quarantine(id, `batch-refused:${failure.error}`);
          this.lastError = 'hub-refused';
          this.log.error('sync', 'batch refused by the hub: records quarantined', { records: ids.length, error: failure.error });
          return 'continue';
        }
        return this.retryLater(store, ids, 'hub-refused', describeFailure(failure));
    }
  }

  /** Applies the hub's answer record by record; anything not clearly answered is sent again. */
  private settle(store: OutboxStore, batch: readonly OutboxItem[], results: readonly SyncRecordResult[]): Step {
    const acknowledged: string[] = [];
    const unconfirmed: string[] = [];
    const rejected = new Map<string, number>();
    batch.forEach((item, index) => {
      const answer = results[index];
      if (results.length !== batch.length || !answer || answer.id !== item.recordId) {
        unconfirmed.push(item.recordId);
        return;
      }
      switch (answer.status) {
        case 'stored':
        case 'duplicate':
          acknowledged.push(item.recordId);
          return;
        case 'rejected':
          store.quarantine(item.recordId, `rejected:${answer.error}`);
          rejected.set(answer.error, (rejected.get(answer.error) ?? 0) + 1);
          return;
      }
    });
    if (acknowledged.length > 0) store.markAcknowledged(acknowledged);
    for (const [error, count] of rejected) this.log.error('sync', 'records refused by the hub: quarantined', { error, records: count });
    this.lastSyncedAt = this.clock.now();
    if (unconfirmed.length > 0) return this.retryLater(store, unconfirmed, 'hub-error', 'answer does not match the batch');
    this.failures = 0;
    this.lastError = null;
    this.log.info('sync', 'batch delivered', { acknowledged: acknowledged.length, quarantined: batch.length - acknowledged.length });
    return 'continue';
  }

  private retryLater(store: OutboxStore, ids: readonly string[], error: SyncError, detail: string, retryAfterMs: number | null = null): Step {
    this.failures++;
    const jitter = fullJitterDelay(this.failures, this.options.backoff, this.clock.random);
    const delay = Math.min(Math.max(jitter, retryAfterMs ?? 0), this.options.backoff.capMs);
    const now = this.clock.now();
    this.retryAt = now + delay;
    // Due again at once as far as the store is concerned: the link's backoff (above) decides when.
    store.markSyncFailed(ids, { errorCode: error, nextAttemptAt: now });
    this.lastError = error;
    this.log.warn('sync', 'batch not delivered; will retry', { error, failure: detail, records: ids.length, retryInMs: delay });
    return 'stop';
  }

  private publish(): void {
    const status = this.status();
    const previous = this.published;
    if (
      previous.pending === status.pending &&
      previous.quarantined === status.quarantined &&
      previous.lastError === status.lastError &&
      previous.lastSyncedAt === status.lastSyncedAt
    ) {
      return;
    }
    this.published = status;
    this.onStatus(status);
  }
}
