import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openRecordStore } from './openRecordStore';
import { openPlaintextStoreForBenchmark, type RecordStore } from './recordStore';
import {
  capturingLogger,
  forgetTestKeys,
  removeTemporaryDirectories,
  requireKeychain,
  secrets,
  temporaryDirectory,
  testKeyName,
} from './testing/storeTestKit';

// DESIGN.md I2: no plaintext on disk. Unique canaries go into every kind of field the store
// keeps; the raw bytes of the database, its WAL and any -shm must contain none of them, while
// the store is open and after it is closed.

beforeAll(requireKeychain);
afterEach(forgetTestKeys);
afterAll(removeTemporaryDirectories);

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function canaries() {
  const tag = () => `CANARY${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
  return { draftNote: tag(), finalNote: tag(), syncedNote: tag(), prunedNote: tag(), shift: tag(), nested: tag(), danish: `æøå-${tag()}` };
}

type Canaries = ReturnType<typeof canaries>;

function writeEverything(store: RecordStore, c: Canaries, clock: { now: number }): void {
  const shiftId = `shift-${c.shift}`;
  const payload = (note = '') => ({ note, nested: { list: [c.nested, 1, true] }, place: c.danish });
  const pruned = crypto.randomUUID();
  store.saveDraft({ recordId: pruned, shiftId, payloadVersion: 1, payload: payload(c.prunedNote) });
  clock.now += 10 * 86_400_000;
  store.pruneOlderThan(clock.now - 86_400_000);

  const open = crypto.randomUUID();
  for (let revision = 0; revision < 20; revision++) store.saveDraft({ recordId: open, shiftId, payloadVersion: 1, payload: payload(`${c.draftNote} ${revision}`) });
  const final = crypto.randomUUID();
  store.saveDraft({ recordId: final, shiftId, payloadVersion: 1, payload: payload('first words') });
  store.finalizeRecord({ recordId: final, shiftId, payloadVersion: 1, payload: payload(c.finalNote) });
  const synced = crypto.randomUUID();
  store.finalizeRecord({ recordId: synced, shiftId, payloadVersion: 1, payload: payload(c.syncedNote) });
  store.markAcknowledged([synced]);
  store.listShiftRecords(shiftId);
}

function filesOf(file: string): Buffer[] {
  return ['', '-wal', '-shm'].filter((suffix) => fs.existsSync(`${file}${suffix}`)).map((suffix) => fs.readFileSync(`${file}${suffix}`));
}

function foundCanaries(file: string, c: Canaries): string[] {
  const needles = Object.values(c).flatMap((value) => [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le')]);
  return filesOf(file).flatMap((bytes) => needles.filter((needle) => bytes.includes(needle)).map((needle) => needle.toString('utf8')));
}

describe('the store file holds no plaintext', { timeout: 30_000 }, () => {
  test('no canary in the database, WAL or -shm, open or closed; not even the SQLite header', async () => {
    const file = path.join(temporaryDirectory(), 'records.db');
    const c = canaries();
    const clock = { now: Date.now() };
    const log = capturingLogger();
    const store = await openRecordStore({ file, keyName: testKeyName(), secrets, log, now: () => clock.now });
    writeEverything(store, c, clock);

    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(foundCanaries(file, c)).toEqual([]);
    store.close();
    expect(foundCanaries(file, c)).toEqual([]);

    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.subarray(0, 16).equals(SQLITE_HEADER)).toBe(false);
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);
    expect(log.text()).not.toMatch(/CANARY/);
  });

  test('control: the same writes to an unencrypted file leave the canaries readable, so the search works', () => {
    const file = path.join(temporaryDirectory(), 'plain.db');
    const c = canaries();
    const store = openPlaintextStoreForBenchmark(file, capturingLogger());
    writeEverything(store, c, { now: Date.now() });
    store.close();
    expect(fs.readFileSync(file).subarray(0, 16).equals(SQLITE_HEADER)).toBe(true);
    // Still there: the open draft's last revision and the final record. Pruned, superseded and
    // acknowledged content is gone even in plaintext (secure_delete, WAL checkpointed on close).
    expect(foundCanaries(file, c)).toEqual(expect.arrayContaining([c.finalNote, c.nested, c.danish]));
    expect(foundCanaries(file, c)).not.toContain(c.syncedNote);
    expect(foundCanaries(file, c)).not.toContain(c.prunedNote);
  });
});
