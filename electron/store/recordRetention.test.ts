import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openRecordStore } from './openRecordStore';
import type { RecordStore } from './recordStore';
import { capturingLogger, forgetTestKeys, removeTemporaryDirectories, requireKeychain, secrets, temporaryDirectory, testKeyName } from './testing/storeTestKit';

// Retention on a real encrypted file: unacknowledged records leave at the maximum age (audited);
// drafts of earlier shifts are listed and can be taken over, never dropped.

let store: RecordStore;
let clock: number;
const DAY = 24 * 3600_000;

beforeAll(requireKeychain);
beforeEach(async () => {
  clock = Date.UTC(2026, 10, 1, 9, 0, 0);
  store = await openRecordStore({ file: path.join(temporaryDirectory(), 'records.db'), secrets, keyName: testKeyName(), log: capturingLogger(), now: () => clock });
});
afterEach(async () => {
  store.close();
  await forgetTestKeys();
});
afterAll(removeTemporaryDirectories);

const input = (recordId: string, shiftId: string) => ({ recordId, shiftId, payloadVersion: 1, payload: { note: 'x' } });

describe('retention', { timeout: 30_000 }, () => {
  test('records older than the cutoff are deleted with their outbox entry, each in the access log', () => {
    const old = crypto.randomUUID();
    const young = crypto.randomUUID();
    store.finalizeRecord(input(old, 'shift-1'));
    clock += 10 * DAY;
    store.finalizeRecord(input(young, 'shift-2'));
    expect(store.outboxStatus().pending).toBe(2);

    expect(store.expireRecordsOlderThan(clock - 5 * DAY)).toBe(1);
    expect(store.listShiftRecords('shift-1')).toEqual([]);
    expect(store.listShiftRecords('shift-2').map((record) => record.recordId)).toEqual([young]);
    expect(store.outboxStatus().pending).toBe(1);
    expect(store.auditEntries(0)).toContainEqual({ at: clock, action: 'expired', recordId: old });
    expect(store.expireRecordsOlderThan(clock - 5 * DAY)).toBe(0);
  });

  test("an earlier shift's draft is listed outside that shift and can be taken over", () => {
    const left = crypto.randomUUID();
    store.saveDraft(input(left, 'shift-1'));
    expect(store.listDraftsOutsideShift('shift-2').map((draft) => draft.recordId)).toEqual([left]);
    expect(store.listDraftsOutsideShift('shift-1')).toEqual([]);

    expect(store.adoptDraft(left, 'shift-2')).toBe(true);
    expect(store.listShiftDrafts('shift-2').map((draft) => draft.recordId)).toEqual([left]);
    expect(store.auditEntries(0)).toContainEqual({ at: clock, action: 'draft-adopted', recordId: left });
    expect(store.adoptDraft(crypto.randomUUID(), 'shift-2')).toBe(false);
  });
});

describe('emergency flags', { timeout: 30_000 }, () => {
  test('are kept with the provider reference and the local code, and the flag is in the access log', () => {
    store.recordEmergency({ localReference: 'N-ABC234', providerCallReference: 'provider-ref-1' });
    clock += 1000;
    store.recordEmergency({ localReference: 'N-XYZ789', providerCallReference: null });
    expect(store.emergenciesSince(0)).toEqual([
      { at: clock - 1000, localReference: 'N-ABC234', providerCallReference: 'provider-ref-1' },
      { at: clock, localReference: 'N-XYZ789', providerCallReference: null },
    ]);
    expect(store.auditEntries(0).filter((entry) => entry.action === 'emergency-flagged')).toHaveLength(2);
  });
});
