import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { migrations } from './migrations';
import { contactRecords } from './migrations/0001-contact-records';
import { openRecordStore } from './openRecordStore';
import { applyKey, CURRENT_SCHEMA_VERSION, runMigrations, schemaVersionOf } from './recordStore';
import { keyCheckFile } from './storeFiles';
import {
  capturingLogger,
  forgetTestKeys,
  removeTemporaryDirectories,
  requireKeychain,
  secrets,
  temporaryDirectory,
  testKeyName,
} from './testing/storeTestKit';

beforeAll(requireKeychain);
afterEach(forgetTestKeys);
afterAll(removeTemporaryDirectories);

describe('migrations', { timeout: 30_000 }, () => {
  test('are numbered files, one per version, in order', () => {
    const files = fs.readdirSync(path.join(import.meta.dirname, 'migrations')).filter((name) => /^\d{4}-/.test(name));
    expect(files).toEqual(migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`));
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
    expect(CURRENT_SCHEMA_VERSION).toBe(migrations.length);
  });

  test('a file at the first schema, with data, opens with the current code: data kept, outbox filled, version current', async () => {
    const file = path.join(temporaryDirectory(), 'records.db');
    const keyName = testKeyName();
    const key = crypto.randomBytes(32);
    await secrets.set(keyName, key);

    // What the first release wrote: schema 0001 only, and its rows (as its code stored them).
    const ids = { draft: crypto.randomUUID(), recordA: crypto.randomUUID(), recordB: crypto.randomUUID(), otherShift: crypto.randomUUID() };
    const v1 = new Database(file);
    applyKey(v1, key);
    v1.pragma('journal_mode = WAL');
    expect(runMigrations(v1, [contactRecords])).toBe(1);
    v1.prepare("INSERT INTO drafts VALUES (?, 'shift-1', 1000, 2000, 3, 1, '{\"note\":\"open contact\"}')").run(ids.draft);
    const insertRecord = v1.prepare('INSERT INTO records VALUES (?, ?, ?, ?, 1, ?)');
    insertRecord.run(ids.recordA, 'shift-1', 1100, 1500, '{"note":"a"}');
    insertRecord.run(ids.recordB, 'shift-1', 1200, 1600, '{"note":"b"}');
    insertRecord.run(ids.otherShift, 'shift-0', 900, 950, '{"note":"earlier shift"}');
    v1.prepare("INSERT INTO audit (at, action, record_id) VALUES (1500, 'finalized', ?)").run(ids.recordA);
    v1.close();
    expect(fs.existsSync(keyCheckFile(file))).toBe(false);

    let clock = 10_000;
    const store = await openRecordStore({ file, keyName, secrets, log: capturingLogger(), now: () => clock });
    try {
      expect(store.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(store.getDraft(ids.draft)).toMatchObject({ shiftId: 'shift-1', revision: 3, startedAt: 1000, updatedAt: 2000, payload: { note: 'open contact' } });
      expect(store.listShiftRecords('shift-1').map((r) => [r.recordId, r.payload])).toEqual([
        [ids.recordA, { note: 'a' }],
        [ids.recordB, { note: 'b' }],
      ]);
      // 0002: every record of the first release was unsent, so all are queued, oldest first.
      expect(store.pendingOutbox(10).map((r) => r.recordId)).toEqual([ids.otherShift, ids.recordA, ids.recordB]);
      expect(store.auditEntries(0)[0]).toEqual({ at: 1500, action: 'finalized', recordId: ids.recordA });
      // And the current code works on the migrated file.
      clock += 1;
      store.finalizeRecord({ recordId: ids.draft, shiftId: 'shift-1', payloadVersion: 1, payload: { note: 'closed' } });
      expect(store.markAcknowledged([ids.recordA])).toBe(1);
      expect(store.outboxStatus().pending).toBe(3);
    } finally {
      store.close();
    }
    expect(fs.existsSync(keyCheckFile(file))).toBe(true);
  });

  test('a migration that fails leaves the file at the version before it, with nothing of it applied', () => {
    const db = new Database(path.join(temporaryDirectory(), 'plain.db'));
    try {
      runMigrations(db);
      const broken = { version: CURRENT_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' };
      expect(() => runMigrations(db, [...migrations, broken])).toThrow(/no such table/);
      expect(schemaVersionOf(db)).toBe(CURRENT_SCHEMA_VERSION);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
