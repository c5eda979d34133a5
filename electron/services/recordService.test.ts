import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import { emptyRecordForm, type RecordForm } from '../../shared/records/recordModel';
import { defaultRecordPolicy } from '../../shared/records/recordPolicy';
import { openRecordStore } from '../store/openRecordStore';
import type { RecordStore } from '../store/recordStore';
import { capturingLogger, forgetTestKeys, removeTemporaryDirectories, requireKeychain, secrets, temporaryDirectory, testKeyName } from '../store/testing/storeTestKit';
import { RecordService } from './recordService';

// The shift's list of records on a real encrypted store, while the sync takes them away.

const counsellor: SessionState = { status: 'active', role: 'counsellor', displayName: 'Anna' };
const complete: RecordForm = { ...emptyRecordForm, contactType: 'counselling', topics: ['angst'], ageBand: '13-15', gender: 'unknown', outcome: 'completed' };

let store: RecordStore;
let service: RecordService;
let session: { state: SessionState; shiftId: string | null };

beforeAll(requireKeychain);
beforeEach(async () => {
  session = { state: counsellor, shiftId: 'shift-1' };
  const log = capturingLogger();
  service = new RecordService(defaultRecordPolicy, log, () => session, () => null);
  await service.open(async () => (store = await openRecordStore({ file: path.join(temporaryDirectory(), 'records.db'), secrets, keyName: testKeyName(), log })));
});
afterEach(async () => {
  service.close();
  await forgetTestKeys();
});
afterAll(removeTemporaryDirectories);

function file(summary: string, startedAt: number): string {
  const draft = service.startDraft({ channel: 'chat', callId: null, startedAt, endedAt: startedAt + 4 * 60_000 });
  if (!draft.ok) throw new Error(draft.error.message);
  const stored = service.submit(draft.value.draftId, { ...complete, summary });
  if (!stored.ok) throw new Error(stored.error.message);
  return stored.value.id;
}

function listed(): string[] {
  const list = service.listShift();
  if (!list.ok) throw new Error(list.error.message);
  return list.value.records.map((record) => record.summary);
}

describe("the shift's records", { timeout: 30_000 }, () => {
  test('stay listed once the hub has them and they have left the store, in the order they happened', () => {
    const first = file('første', Date.UTC(2026, 10, 1, 9, 0));
    const second = file('anden', Date.UTC(2026, 10, 1, 9, 30));
    expect(store.markAcknowledged([first])).toBe(1);
    expect(store.listShiftRecords('shift-1').map((record) => record.recordId)).toEqual([second]);
    expect(listed()).toEqual(['første', 'anden']);
    expect(store.markAcknowledged([second])).toBe(1);
    expect(listed()).toEqual(['første', 'anden']);
  });

  test('are forgotten when the session ends, and a new shift starts with none', () => {
    const sent = file('sendt', Date.UTC(2026, 10, 1, 9, 0));
    store.markAcknowledged([sent]);
    file('venter', Date.UTC(2026, 10, 1, 9, 10));
    service.forgetShift();
    // What the hub has is gone with the session; what it has not is still this shift's, in the store.
    expect(listed()).toEqual(['venter']);
    session = { state: counsellor, shiftId: 'shift-2' };
    expect(listed()).toEqual([]);
    file('ny vagt', Date.UTC(2026, 10, 1, 17, 0));
    expect(listed()).toEqual(['ny vagt']);
  });
});
