import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openRecordStore } from './openRecordStore';
import { RecordStateError, type RecordStore } from './recordStore';
import { StoreError } from './storeErrors';
import {
  capturingLogger,
  forgetTestKeys,
  removeTemporaryDirectories,
  requireKeychain,
  secrets,
  temporaryDirectory,
  testKeyName,
  type CapturedLog,
} from './testing/storeTestKit';

// The named operations on a real encrypted file, with a clock the tests move.

let store: RecordStore;
let log: CapturedLog;
let clock: number;
const SHIFT = 'shift-1';

beforeAll(requireKeychain);
beforeEach(async () => {
  clock = Date.UTC(2026, 10, 1, 9, 0, 0);
  log = capturingLogger();
  store = await openRecordStore({
    file: path.join(temporaryDirectory(), 'records.db'),
    secrets,
    keyName: testKeyName(),
    log,
    now: () => clock,
  });
});
afterEach(async () => {
  store.close();
  await forgetTestKeys();
});
afterAll(removeTemporaryDirectories);

const draft = (recordId: string, note: string, shiftId = SHIFT) => ({ recordId, shiftId, payloadVersion: 1, payload: { note } });

describe('drafts', { timeout: 30_000 }, () => {
  test('a draft is created, updated with a growing revision, and read back', () => {
    const id = crypto.randomUUID();
    expect(store.saveDraft(draft(id, 'a'))).toEqual({ recordId: id, revision: 1, startedAt: clock, updatedAt: clock });
    clock += 1000;
    expect(store.saveDraft(draft(id, 'b'))).toMatchObject({ revision: 2, startedAt: clock - 1000, updatedAt: clock });
    expect(store.getDraft(id)).toMatchObject({ recordId: id, shiftId: SHIFT, revision: 2, payload: { note: 'b' } });
    expect(store.listShiftDrafts(SHIFT).map((d) => d.recordId)).toEqual([id]);
    expect(store.getDraft(crypto.randomUUID())).toBeNull();
  });

  test('a draft cannot move to another shift', () => {
    const id = crypto.randomUUID();
    store.saveDraft(draft(id, 'a'));
    expect(() => store.saveDraft(draft(id, 'b', 'shift-2'))).toThrow(RecordStateError);
    expect(store.getDraft(id)?.payload).toEqual({ note: 'a' });
  });

  test('discarding removes the draft', () => {
    const id = crypto.randomUUID();
    store.saveDraft(draft(id, 'a'));
    expect(store.discardDraft(id)).toBe(true);
    expect(store.discardDraft(id)).toBe(false);
    expect(store.getDraft(id)).toBeNull();
  });

  test('bad input is refused before it reaches the file', () => {
    expect(() => store.saveDraft(draft('not-a-uuid', 'a'))).toThrow(TypeError);
    expect(() => store.saveDraft({ ...draft(crypto.randomUUID(), 'a'), payloadVersion: 0 })).toThrow(TypeError);
    expect(() => store.saveDraft({ ...draft(crypto.randomUUID(), 'a'), shiftId: '' })).toThrow(TypeError);
  });
});

describe('final records and the outbox', { timeout: 30_000 }, () => {
  test('finalising moves the draft to a record queued for the hub, and is idempotent', () => {
    const id = crypto.randomUUID();
    store.saveDraft(draft(id, 'draft'));
    const started = clock;
    clock += 5000;
    const record = store.finalizeRecord(draft(id, 'final'));
    expect(record).toEqual({ recordId: id, shiftId: SHIFT, createdAt: started, finalizedAt: clock, payloadVersion: 1, payload: { note: 'final' } });
    expect(store.getDraft(id)).toBeNull();
    clock += 1000;
    expect(store.finalizeRecord(draft(id, 'changed later'))).toEqual(record);
    expect(store.listShiftRecords(SHIFT)).toEqual([record]);
    expect(store.pendingOutbox(10)).toEqual([{ ...record, attempts: 0, lastError: null }]);
    expect(() => store.saveDraft(draft(id, 'again'))).toThrow(RecordStateError);
  });

  test('the outbox sends oldest first, honours retry times and quarantine, and acknowledgement deletes', () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of ids) {
      store.finalizeRecord(draft(id, 'x'));
      clock += 10;
    }
    expect(store.pendingOutbox(2).map((r) => r.recordId)).toEqual(ids.slice(0, 2));

    store.markSyncFailed([ids[0] ?? ''], { errorCode: 'hub-unreachable', nextAttemptAt: clock + 60_000 });
    store.quarantine(ids[1] ?? '', 'schema-rejected');
    expect(store.pendingOutbox(10).map((r) => r.recordId)).toEqual([ids[2]]);
    expect(store.outboxStatus()).toEqual({ pending: 2, quarantined: 1, nextAttemptAt: clock - 10 });

    clock += 60_000;
    expect(store.pendingOutbox(10)).toMatchObject([{ recordId: ids[2] }, { recordId: ids[0], attempts: 1, lastError: 'hub-unreachable' }]);

    expect(store.markAcknowledged([ids[0] ?? '', ids[2] ?? '', crypto.randomUUID()])).toBe(2);
    expect(store.markAcknowledged([ids[0] ?? ''])).toBe(0);
    expect(store.listShiftRecords(SHIFT).map((r) => r.recordId)).toEqual([ids[1]]);
    expect(store.outboxStatus()).toEqual({ pending: 0, quarantined: 1, nextAttemptAt: null });
  });

  test('sync error codes are short tokens, so no message text is stored', () => {
    const id = crypto.randomUUID();
    store.finalizeRecord(draft(id, 'x'));
    expect(() => store.markSyncFailed([id], { errorCode: 'the hub said: caller 12345678', nextAttemptAt: clock })).toThrow(TypeError);
  });
});

describe('the access log', { timeout: 30_000 }, () => {
  test('logs every access by action and record id, in the same transaction', () => {
    const id = crypto.randomUUID();
    store.saveDraft(draft(id, 'a'));
    store.saveDraft(draft(id, 'b'));
    store.getDraft(id);
    store.finalizeRecord(draft(id, 'c'));
    store.listShiftRecords(SHIFT);
    store.recordAccess('viewed', id);
    store.markAcknowledged([id]);
    expect(store.auditEntries(0)).toEqual(
      ['draft-created', 'draft-read', 'finalized', 'read', 'viewed', 'synced'].map((action) => ({ at: clock, action, recordId: id })),
    );
  });

  test('pruning drops stale drafts and old log entries, never final records', () => {
    const stale = crypto.randomUUID();
    const record = crypto.randomUUID();
    store.saveDraft(draft(stale, 'old'));
    store.finalizeRecord(draft(record, 'kept'));
    clock += 30 * 86_400_000;
    const fresh = crypto.randomUUID();
    store.saveDraft(draft(fresh, 'new'));
    expect(store.pruneOlderThan(clock - 86_400_000)).toEqual({ drafts: 1, auditEntries: 2 });
    expect(store.getDraft(stale)).toBeNull();
    expect(store.getDraft(fresh)).not.toBeNull();
    expect(store.listShiftRecords(SHIFT).map((r) => r.recordId)).toEqual([record]);
    expect(store.auditEntries(0).map((e) => [e.action, e.recordId])).toEqual([
      ['draft-created', fresh],
      ['draft-pruned', stale],
      ['draft-read', fresh],
      ['read', record],
    ]);
  });
});

describe('failures after opening', { timeout: 30_000 }, () => {
  test('an operation on a closed store is a StoreError, logged by kind and code only', () => {
    store.close();
    let thrown: unknown;
    try {
      store.saveDraft(draft(crypto.randomUUID(), 'secret note'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toMatchObject({ kind: 'unexpected' });
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', fields: { operation: 'saveDraft', kind: 'unexpected' } });
    expect(log.text()).not.toContain('secret note');
  });
});
