import Database from 'better-sqlite3-multiple-ciphers';
import type { Logger } from '../services/logger';
import { migrations as allMigrations, type Migration } from './migrations';
import { classifyStoreError, StoreError } from './storeErrors';

// Every SQL statement of the workstation's store lives in this module (the schema itself lives
// in ./migrations, one file per step): the connection's pragmas, the migration runner, and the
// named operations of RecordStore. Opening a file — keychain, sidecars, error reporting — is
// openRecordStore.ts, which calls the functions here.

type Connection = Database.Database;

/** The schema this code reads and writes: the last migration's version. */
export const CURRENT_SCHEMA_VERSION = allMigrations.at(-1)?.version ?? 0;
export const KEY_BYTES = 32;

// ---------------------------------------------------------------------------------------------
// Connections

/**
 * SQLCipher 4 format with its defaults (sqlite3mc's `sqlcipher` cipher, `legacy=4`), keyed with
 * the raw 256-bit key: `x'…'` skips the passphrase key derivation, which a random key does not
 * need, so opening costs milliseconds. Must come before anything reads the file.
 */
export function applyKey(db: Connection, key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new StoreError('wrong-key', 'key-malformed');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** Reads page 1 (SQLCipher checks its HMAC): throws SQLITE_NOTADB for a wrong key. */
function readSchemaPage(db: Connection): void {
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

export function schemaVersionOf(db: Connection): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new StoreError('corrupt', 'user-version-unreadable');
  return version;
}

/**
 * Proves the key on page 1 (SQLCipher checks its HMAC), every page with quick_check, and that
 * the schema is not newer than this code. Reads only.
 */
function inspect(db: Connection, keyKnownRight: boolean): void {
  try {
    readSchemaPage(db);
  } catch (error) {
    throw classifyStoreError(error, { keyVerified: keyKnownRight });
  }
  try {
    if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new StoreError('corrupt', 'quick-check');
    const schemaVersion = schemaVersionOf(db);
    if (schemaVersion > CURRENT_SCHEMA_VERSION) throw new StoreError('newer-schema', `file-v${schemaVersion}-code-v${CURRENT_SCHEMA_VERSION}`);
  } catch (error) {
    throw classifyStoreError(error, { keyVerified: true });
  }
}

/**
 * The inspection of a file that has a WAL (left by a crash): on a read-only connection in normal
 * locking mode, which reads the WAL but can never checkpoint it into a file that may turn out to
 * be damaged. A running instance holds its file exclusively, so this fails with SQLITE_BUSY
 * after `timeoutMs`. SQLite creates a -shm for it; openRecordStore removes that afterwards.
 */
export function inspectWithWal(file: string, key: Buffer, options: { keyKnownRight: boolean; timeoutMs: number }): void {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: options.timeoutMs });
  try {
    applyKey(db, key);
    inspect(db, options.keyKnownRight);
  } finally {
    db.close();
  }
}

/**
 * The store's one connection: exclusive locking mode (taken at the first read and held until
 * close, so a second instance gets SQLITE_BUSY instead of a shared file; and no -shm file), WAL,
 * every commit synced (`synchronous=FULL`: a saved draft survives a power cut, not only a
 * crash), freed pages zeroed, foreign keys enforced, temporary tables kept in memory so no
 * plaintext temporary file reaches the disk.
 */
function configureWritable(db: Connection): void {
  if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new StoreError('unexpected', 'wal-refused');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  // Take the write lock now, so a second instance is refused when it opens, not at its first save.
  db.exec('BEGIN IMMEDIATE; COMMIT');
}

/**
 * Opens an existing file for work. Unless `inspected` (a file with a WAL was inspected read-only
 * first), the inspection runs on this connection before anything is written: with no WAL there
 * is nothing a failed open could checkpoint into the file, so it is left as it was.
 */
export function openWritableStore(
  file: string,
  key: Buffer,
  context: { inspected: boolean; keyKnownRight: boolean; timeoutMs: number; log: Logger; now: () => number },
): RecordStore {
  const db = new Database(file, { fileMustExist: true, timeout: context.timeoutMs });
  try {
    applyKey(db, key);
    db.pragma('locking_mode = EXCLUSIVE');
    if (context.inspected) readSchemaPage(db);
    else inspect(db, context.keyKnownRight);
    configureWritable(db);
    runMigrations(db);
    return new SqliteRecordStore(db, context);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Builds a complete, keyed, migrated database at a new path (openRecordStore publishes it). */
export function buildDatabase(file: string, key: Buffer): void {
  const db = new Database(file);
  try {
    applyKey(db, key);
    db.pragma('locking_mode = EXCLUSIVE');
    configureWritable(db);
    runMigrations(db);
  } finally {
    db.close();
  }
}

/**
 * Brings the file to the last of `list`, one transaction per migration with its user_version
 * bump, so a crash or a full disk leaves the file at the previous version, never in between.
 */
export function runMigrations(db: Connection, list: readonly Migration[] = allMigrations): number {
  let version = schemaVersionOf(db);
  const latest = list.at(-1)?.version ?? 0;
  if (version > latest) throw new StoreError('newer-schema', `file-v${version}-code-v${latest}`);
  for (const migration of list) {
    if (migration.version <= version) continue;
    if (migration.version !== version + 1) throw new Error(`migration ${migration.version} does not follow ${version}`);
    db.transaction(() => {
      db.exec(migration.sql);
      if ((db.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new StoreError('corrupt', `foreign-keys-after-migration-${migration.version}`);
      }
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    version = migration.version;
  }
  return version;
}

// ---------------------------------------------------------------------------------------------
// The named operations

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** A record's content: the record model of shared/, as JSON. Opaque to the store. */
export type RecordPayload = { readonly [key: string]: JsonValue };

export interface DraftInput {
  /** Client-generated UUID, the same id the final record and the hub will have. */
  recordId: string;
  shiftId: string;
  /** The version of the record model the payload follows. */
  payloadVersion: number;
  payload: RecordPayload;
}
export interface DraftSaved {
  recordId: string;
  revision: number;
  startedAt: number;
  updatedAt: number;
}
export interface Draft extends DraftInput, DraftSaved {}

export interface FinalRecord {
  recordId: string;
  shiftId: string;
  /** When the contact started (its draft's start), ms since the epoch. */
  createdAt: number;
  finalizedAt: number;
  payloadVersion: number;
  payload: RecordPayload;
}
export interface OutboxItem extends FinalRecord {
  attempts: number;
  lastError: string | null;
}
export interface OutboxStatus {
  pending: number;
  quarantined: number;
  nextAttemptAt: number | null;
}

export const auditActions = [
  'draft-created', 'draft-read', 'draft-discarded', 'draft-pruned', 'draft-adopted', 'finalized', 'read', 'viewed', 'synced', 'quarantined', 'expired',
  'emergency-flagged',
] as const;
export type AuditAction = (typeof auditActions)[number];
export interface AuditEntry {
  at: number;
  action: AuditAction;
  recordId: string | null;
}

/** A request the store refuses because of the records' state (a caller's mistake, not the store's). */
export class RecordStateError extends Error {
  override readonly name = 'RecordStateError';
  constructor(readonly reason: 'draft-of-other-shift' | 'record-already-final') {
    super(`record state: ${reason}`);
  }
}

interface DraftRow {
  record_id: string;
  shift_id: string;
  started_at: number;
  updated_at: number;
  revision: number;
  payload_version: number;
  payload: string;
}
interface RecordRow {
  id: string;
  shift_id: string;
  created_at: number;
  finalized_at: number;
  payload_version: number;
  payload: string;
}
interface OutboxRow extends RecordRow {
  attempts: number;
  last_error: string | null;
}
type Stamp = Pick<DraftRow, 'revision' | 'started_at' | 'updated_at'>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const errorCodeShape = /^[a-z0-9][a-z0-9._:-]{0,63}$/i;

function checkRecordId(id: string): void {
  if (!uuid.test(id)) throw new TypeError('record ids are UUIDs');
}
function checkShiftId(id: string): void {
  if (id.length === 0 || id.length > 128) throw new TypeError('shift ids are 1-128 characters');
}
function payloadText(input: DraftInput): string {
  checkRecordId(input.recordId);
  checkShiftId(input.shiftId);
  if (!Number.isInteger(input.payloadVersion) || input.payloadVersion < 1) throw new TypeError('payloadVersion is a positive integer');
  if (typeof input.payload !== 'object' || input.payload === null || Array.isArray(input.payload)) throw new TypeError('payload is a JSON object');
  return JSON.stringify(input.payload);
}
/** Sync errors are stored as short codes, so no hub message text (or content) lands on disk. */
function checkErrorCode(code: string): void {
  if (!errorCodeShape.test(code)) throw new TypeError('sync error codes are 1-64 characters of a-z, 0-9, ".", "_", ":" and "-"');
}

const toDraft = (row: DraftRow): Draft => ({
  recordId: row.record_id,
  shiftId: row.shift_id,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
  revision: row.revision,
  payloadVersion: row.payload_version,
  payload: JSON.parse(row.payload) as RecordPayload,
});
const toRecord = (row: RecordRow): FinalRecord => ({
  recordId: row.id,
  shiftId: row.shift_id,
  createdAt: row.created_at,
  finalizedAt: row.finalized_at,
  payloadVersion: row.payload_version,
  payload: JSON.parse(row.payload) as RecordPayload,
});

const DRAFT_COLUMNS = 'record_id, shift_id, started_at, updated_at, revision, payload_version, payload';
const RECORD_COLUMNS = 'records.id, records.shift_id, records.created_at, records.finalized_at, records.payload_version, records.payload';

function prepareStatements(db: Connection) {
  return {
    recordExists: db.prepare<[string], 1>('SELECT 1 FROM records WHERE id = ?').pluck(),
    upsertDraft: db.prepare<{ recordId: string; shiftId: string; now: number; payloadVersion: number; payload: string }, Stamp>(
      `INSERT INTO drafts (${DRAFT_COLUMNS}) VALUES (@recordId, @shiftId, @now, @now, 1, @payloadVersion, @payload)
       ON CONFLICT (record_id) DO UPDATE SET updated_at = excluded.updated_at, revision = drafts.revision + 1,
         payload_version = excluded.payload_version, payload = excluded.payload
       WHERE drafts.shift_id = excluded.shift_id
       RETURNING revision, started_at, updated_at`,
    ),
    draft: db.prepare<[string], DraftRow>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE record_id = ?`),
    shiftDrafts: db.prepare<[string], DraftRow>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE shift_id = ? ORDER BY started_at, record_id`),
    deleteDraft: db.prepare<[string]>('DELETE FROM drafts WHERE record_id = ?'),
    otherShiftDrafts: db.prepare<[string], DraftRow>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE shift_id <> ? ORDER BY started_at, record_id`),
    adoptDraft: db.prepare<[string, string]>('UPDATE drafts SET shift_id = ? WHERE record_id = ?'),
    expiredRecords: db.prepare<[number], string>('SELECT id FROM records WHERE created_at < ?').pluck(),
    dequeue: db.prepare<[string]>('DELETE FROM outbox WHERE record_id = ?'),
    staleDrafts: db.prepare<[number], string>('SELECT record_id FROM drafts WHERE updated_at < ?').pluck(),
    record: db.prepare<[string], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`),
    insertRecord: db.prepare<[{ recordId: string; shiftId: string; createdAt: number; now: number; payloadVersion: number; payload: string }]>(
      `INSERT INTO records (id, shift_id, created_at, finalized_at, payload_version, payload)
       VALUES (@recordId, @shiftId, @createdAt, @now, @payloadVersion, @payload)`,
    ),
    shiftRecords: db.prepare<[string], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE shift_id = ? ORDER BY created_at, id`),
    deleteRecord: db.prepare<[string]>('DELETE FROM records WHERE id = ?'),
    enqueue: db.prepare<[string, number, number]>('INSERT INTO outbox (record_id, enqueued_at, next_attempt_at) VALUES (?, ?, ?)'),
    due: db.prepare<[number, number], OutboxRow>(
      `SELECT ${RECORD_COLUMNS}, outbox.attempts, outbox.last_error FROM outbox JOIN records ON records.id = outbox.record_id
       WHERE outbox.quarantined_at IS NULL AND outbox.next_attempt_at <= ? ORDER BY outbox.next_attempt_at, records.finalized_at LIMIT ?`,
    ),
    syncFailed: db.prepare<[string, number, string]>(
      'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE record_id = ? AND quarantined_at IS NULL',
    ),
    quarantine: db.prepare<[number, string, string]>(
      'UPDATE outbox SET quarantined_at = ?, last_error = ? WHERE record_id = ? AND quarantined_at IS NULL',
    ),
    outboxStatus: db.prepare<[], { pending: number; quarantined: number; next_attempt_at: number | null }>(
      `SELECT count(*) FILTER (WHERE quarantined_at IS NULL) AS pending, count(quarantined_at) AS quarantined,
         min(next_attempt_at) FILTER (WHERE quarantined_at IS NULL) AS next_attempt_at FROM outbox`,
    ),
    audit: db.prepare<[number, AuditAction, string | null]>('INSERT INTO audit (at, action, record_id) VALUES (?, ?, ?)'),
    auditSince: db.prepare<[number], { at: number; action: AuditAction; record_id: string | null }>(
      'SELECT at, action, record_id FROM audit WHERE at >= ? ORDER BY id',
    ),
    pruneAudit: db.prepare<[number]>('DELETE FROM audit WHERE at < ?'),
    insertEmergency: db.prepare<[number, string, string | null]>('INSERT INTO emergency_flags (at, local_reference, provider_call_reference) VALUES (?, ?, ?)'),
    emergenciesSince: db.prepare<[number], { at: number; local_reference: string; provider_call_reference: string | null }>(
      'SELECT at, local_reference, provider_call_reference FROM emergency_flags WHERE at >= ? ORDER BY id',
    ),
  };
}

/**
 * The store's named operations. Every method is synchronous (better-sqlite3), commits before it
 * returns (a returned `saveDraft` is on disk), writes the access log in the same transaction, and
 * turns any SQLite failure into a StoreError that is logged by kind and code.
 *
 * One connection serves reads and writes: the file is held in exclusive locking mode, which
 * allows no second connection, and every read of content writes its audit entry.
 */
class SqliteRecordStore {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: Connection,
    private readonly context: { log: Logger; now: () => number },
  ) {
    this.sql = prepareStatements(db);
  }

  get schemaVersion(): number {
    return this.run('schemaVersion', () => schemaVersionOf(this.db));
  }

  /** Creates or replaces the draft of an open contact; resolves once it is committed. */
  saveDraft(input: DraftInput): DraftSaved {
    const payload = payloadText(input);
    return this.write('saveDraft', (now) => {
      if (this.sql.recordExists.get(input.recordId)) throw new RecordStateError('record-already-final');
      const stamp = this.sql.upsertDraft.get({ recordId: input.recordId, shiftId: input.shiftId, now, payloadVersion: input.payloadVersion, payload });
      if (!stamp) throw new RecordStateError('draft-of-other-shift');
      if (stamp.revision === 1) this.sql.audit.run(now, 'draft-created', input.recordId);
      return { recordId: input.recordId, revision: stamp.revision, startedAt: stamp.started_at, updatedAt: stamp.updated_at };
    });
  }

  getDraft(recordId: string): Draft | null {
    checkRecordId(recordId);
    return this.write('getDraft', (now) => {
      const row = this.sql.draft.get(recordId);
      if (!row) return null;
      this.sql.audit.run(now, 'draft-read', recordId);
      return toDraft(row);
    });
  }

  /** The drafts a shift left open (after a crash or restart), oldest first. */
  listShiftDrafts(shiftId: string): Draft[] {
    checkShiftId(shiftId);
    return this.write('listShiftDrafts', (now) => {
      const rows = this.sql.shiftDrafts.all(shiftId);
      for (const row of rows) this.sql.audit.run(now, 'draft-read', row.record_id);
      return rows.map(toDraft);
    });
  }

  /** Drafts left open by earlier shifts: shown to the counsellor, never dropped silently. */
  listDraftsOutsideShift(shiftId: string): Draft[] {
    checkShiftId(shiftId);
    return this.write('listDraftsOutsideShift', (now) => {
      const rows = this.sql.otherShiftDrafts.all(shiftId);
      for (const row of rows) this.sql.audit.run(now, 'draft-read', row.record_id);
      return rows.map(toDraft);
    });
  }

  /** Takes an earlier shift's draft into this shift so the counsellor can finish it. */
  adoptDraft(recordId: string, shiftId: string): boolean {
    checkRecordId(recordId);
    checkShiftId(shiftId);
    return this.write('adoptDraft', (now) => {
      const adopted = this.sql.adoptDraft.run(shiftId, recordId).changes > 0;
      if (adopted) this.sql.audit.run(now, 'draft-adopted', recordId);
      return adopted;
    });
  }

  /**
   * Retention for records the hub never acknowledged: deleted after the maximum age anyway,
   * each deletion in the access log (the caller also logs an administrator warning).
   */
  expireRecordsOlderThan(cutoffMs: number): number {
    return this.write('expireRecordsOlderThan', (now) => {
      const expired = this.sql.expiredRecords.all(cutoffMs);
      for (const id of expired) {
        this.sql.dequeue.run(id);
        this.sql.deleteRecord.run(id);
        this.sql.audit.run(now, 'expired', id);
      }
      return expired.length;
    });
  }

  discardDraft(recordId: string): boolean {
    checkRecordId(recordId);
    return this.write('discardDraft', (now) => {
      const discarded = this.sql.deleteDraft.run(recordId).changes > 0;
      if (discarded) this.sql.audit.run(now, 'draft-discarded', recordId);
      return discarded;
    });
  }

  /**
   * Makes the record final and queues it for the hub, in one transaction that also removes its
   * draft. Idempotent: finalising a record that is already final returns it unchanged.
   */
  finalizeRecord(input: DraftInput): FinalRecord {
    const payload = payloadText(input);
    return this.write('finalizeRecord', (now) => {
      const existing = this.sql.record.get(input.recordId);
      if (existing) return toRecord(existing);
      const draft = this.sql.draft.get(input.recordId);
      if (draft && draft.shift_id !== input.shiftId) throw new RecordStateError('draft-of-other-shift');
      const createdAt = draft?.started_at ?? now;
      this.sql.insertRecord.run({ recordId: input.recordId, shiftId: input.shiftId, createdAt, now, payloadVersion: input.payloadVersion, payload });
      this.sql.enqueue.run(input.recordId, now, now);
      this.sql.deleteDraft.run(input.recordId);
      this.sql.audit.run(now, 'finalized', input.recordId);
      return { recordId: input.recordId, shiftId: input.shiftId, createdAt, finalizedAt: now, payloadVersion: input.payloadVersion, payload: input.payload };
    });
  }

  /** The shift's final records still on this workstation (not yet acknowledged by the hub). */
  listShiftRecords(shiftId: string): FinalRecord[] {
    checkShiftId(shiftId);
    return this.write('listShiftRecords', (now) => {
      const rows = this.sql.shiftRecords.all(shiftId);
      for (const row of rows) this.sql.audit.run(now, 'read', row.id);
      return rows.map(toRecord);
    });
  }

  /** Records due for sending, oldest first; quarantined ones and those waiting for a retry are left out. */
  pendingOutbox(limit: number): OutboxItem[] {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit is a positive integer');
    return this.run('pendingOutbox', () =>
      this.sql.due.all(this.context.now(), limit).map((row) => ({ ...toRecord(row), attempts: row.attempts, lastError: row.last_error })),
    );
  }

  /** The hub has the records: they leave this workstation (data minimisation). Unknown ids are ignored. */
  markAcknowledged(recordIds: readonly string[]): number {
    recordIds.forEach(checkRecordId);
    return this.write('markAcknowledged', (now) => {
      let removed = 0;
      for (const id of recordIds) {
        if (this.sql.deleteRecord.run(id).changes === 0) continue;
        this.sql.audit.run(now, 'synced', id);
        removed++;
      }
      return removed;
    });
  }

  markSyncFailed(recordIds: readonly string[], failure: { errorCode: string; nextAttemptAt: number }): void {
    recordIds.forEach(checkRecordId);
    checkErrorCode(failure.errorCode);
    this.write('markSyncFailed', () => {
      for (const id of recordIds) this.sql.syncFailed.run(failure.errorCode, failure.nextAttemptAt, id);
    });
  }

  /** The hub refuses the record for good: keep it, stop sending it, and show it to an administrator. */
  quarantine(recordId: string, errorCode: string): void {
    checkRecordId(recordId);
    checkErrorCode(errorCode);
    this.write('quarantine', (now) => {
      if (this.sql.quarantine.run(now, errorCode, recordId).changes > 0) this.sql.audit.run(now, 'quarantined', recordId);
    });
  }

  outboxStatus(): OutboxStatus {
    return this.run('outboxStatus', () => {
      const row = this.sql.outboxStatus.get();
      return { pending: row?.pending ?? 0, quarantined: row?.quarantined ?? 0, nextAttemptAt: row?.next_attempt_at ?? null };
    });
  }

  /** Keeps an emergency flag: the provider's call reference and the local code the counsellor saw. */
  recordEmergency(flag: { localReference: string; providerCallReference: string | null }): void {
    this.write('recordEmergency', (now) => {
      this.sql.insertEmergency.run(now, flag.localReference, flag.providerCallReference);
      this.sql.audit.run(now, 'emergency-flagged', null);
    });
  }

  emergenciesSince(sinceMs: number): { at: number; localReference: string; providerCallReference: string | null }[] {
    return this.run('emergenciesSince', () =>
      this.sql.emergenciesSince.all(sinceMs).map((row) => ({ at: row.at, localReference: row.local_reference, providerCallReference: row.provider_call_reference })),
    );
  }

  /** Logs an access the UI made (for example, a counsellor opening a record). */
  recordAccess(action: AuditAction, recordId: string): void {
    checkRecordId(recordId);
    this.write('recordAccess', (now) => {
      this.sql.audit.run(now, action, recordId);
    });
  }

  auditEntries(sinceMs: number): AuditEntry[] {
    return this.run('auditEntries', () => this.sql.auditSince.all(sinceMs).map((row) => ({ at: row.at, action: row.action, recordId: row.record_id })));
  }

  /**
   * Retention: drops drafts untouched since `cutoffMs` (each pruning logged) and access-log
   * entries older than it. Final records are never pruned: they leave only when the hub has them.
   */
  pruneOlderThan(cutoffMs: number): { drafts: number; auditEntries: number } {
    return this.write('pruneOlderThan', (now) => {
      const stale = this.sql.staleDrafts.all(cutoffMs);
      for (const id of stale) {
        this.sql.deleteDraft.run(id);
        this.sql.audit.run(now, 'draft-pruned', id);
      }
      return { drafts: stale.length, auditEntries: this.sql.pruneAudit.run(cutoffMs).changes };
    });
  }

  /** Checkpoints the WAL into the file and releases it. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private write<T>(operation: string, body: (now: number) => T): T {
    return this.run(operation, () => this.db.transaction(() => body(this.context.now())).immediate());
  }

  private run<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      if (error instanceof RecordStateError) throw error;
      const failure = classifyStoreError(error, { keyVerified: true });
      this.context.log.error('store', 'store operation failed', { operation, kind: failure.kind, code: failure.code });
      throw failure;
    }
  }
}

export type RecordStore = SqliteRecordStore;

/**
 * The same store on an UNENCRYPTED file, for bench/store.ts only: it measures what the cipher
 * costs on the same statements. Never for records (DESIGN.md I2); a test checks that nothing
 * else uses it.
 */
export function openPlaintextStoreForBenchmark(file: string, log: Logger): RecordStore {
  const db = new Database(file);
  db.pragma('locking_mode = EXCLUSIVE');
  configureWritable(db);
  runMigrations(db);
  return new SqliteRecordStore(db, { log, now: Date.now });
}
