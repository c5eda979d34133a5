import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openRecordStore } from './openRecordStore';
import {
  capturingLogger,
  forgetTestKeys,
  killWriterMidLoop,
  removeTemporaryDirectories,
  requireKeychain,
  secrets,
  temporaryDirectory,
  testKeyName,
} from './testing/storeTestKit';

// DESIGN.md I4 on this side of the sync: a draft the store acknowledged (saveDraft returned) is
// there after the process is killed with SIGKILL in the middle of its writing loop.

beforeAll(requireKeychain);
afterEach(forgetTestKeys);
afterAll(removeTemporaryDirectories);

test('kill -9 during a write loop loses no acknowledged draft', { timeout: 120_000 }, async () => {
  const file = path.join(temporaryDirectory(), 'records.db');
  const keyName = testKeyName();

  // Twice over the same file: the second run also starts from a WAL recovered after a kill.
  for (let round = 0; round < 2; round++) {
    const acks = (await killWriterMidLoop(file, keyName, 400)).map((line) => {
      const [, recordId = '', revision = '', seq = ''] = line.split(' ');
      return { recordId, revision: Number(revision), seq: Number(seq) };
    });
    expect(acks.length).toBeGreaterThanOrEqual(400);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);

    const latest = new Map<string, { revision: number; seq: number }>();
    for (const ack of acks) latest.set(ack.recordId, ack);

    const store = await openRecordStore({ file, keyName, secrets, log: capturingLogger() });
    try {
      for (const [recordId, acked] of latest) {
        const draft = store.getDraft(recordId);
        expect(draft, `draft ${recordId}`).not.toBeNull();
        // The kill may land after a commit and before its acknowledgement was printed, never before.
        expect(draft?.revision).toBeGreaterThanOrEqual(acked.revision);
        if (draft?.revision === acked.revision) expect(draft.payload).toMatchObject({ seq: acked.seq });
      }
    } finally {
      store.close();
    }
  }
});
