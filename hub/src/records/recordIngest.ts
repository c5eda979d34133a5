import crypto from 'node:crypto';
import { contactRecordSchema, type ContactRecord } from '../../../shared/records/recordModel';
import type { SyncRecordResult } from '../../../shared/hub/syncApi';
import type { Queryable } from '../db/database';

// A record may start at most this far in the hub's future: a workstation clock an hour off is
// normal, a record from next week is a bug or an attack.
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

const COLUMNS = [
  'id', 'schema_version', 'channel', 'started_at', 'duration_minutes', 'shift_id', 'returning_contact',
  'contact_type', 'topics', 'age_band', 'gender', 'outcome', 'referral', 'emergency_flagged',
  'emergency_reference', 'summary', 'content_hash', 'received_at',
] as const;

/** The record's fingerprint: the same record sent twice has the same hash, whatever the JSON key order. */
export function contentHashOf(record: ContactRecord): string {
  return crypto.createHash('sha256').update(JSON.stringify(canonical(record))).digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, canonical(inner)]));
  }
  return value;
}

interface Accepted {
  index: number;
  record: ContactRecord;
  hash: string;
}

/**
 * Stores each valid record once (idempotent on its id) and answers per record, in order. Safe to
 * repeat: a batch sent again, or a record sent twice in one batch, is answered `duplicate`.
 */
export async function ingestRecords(db: Queryable, records: readonly unknown[], now: Date): Promise<SyncRecordResult[]> {
  const results: (SyncRecordResult | null)[] = records.map(() => null);
  const accepted: Accepted[] = [];
  records.forEach((raw, index) => {
    const parsed = contactRecordSchema.safeParse(raw);
    if (!parsed.success) {
      results[index] = { id: idOf(raw, index), status: 'rejected', error: 'invalid-record', message: describe(parsed.error.issues) };
    } else if (Date.parse(parsed.data.startedAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
      results[index] = { id: parsed.data.id, status: 'rejected', error: 'implausible-time', message: 'startedAt is more than a day in the future' };
    } else {
      accepted.push({ index, record: parsed.data, hash: contentHashOf(parsed.data) });
    }
  });

  if (accepted.length > 0) {
    const inserted = await insertNew(db, accepted, now);
    const stored = new Map<string, string>();
    const { rows } = await db.query<{ id: string; content_hash: string }>('SELECT id::text, content_hash FROM records WHERE id = ANY($1::uuid[])', [
      accepted.map((item) => item.record.id),
    ]);
    for (const row of rows) stored.set(row.id, row.content_hash);
    for (const item of accepted) {
      const id = item.record.id;
      if (inserted.delete(id)) results[item.index] = { id, status: 'stored' };
      else if (stored.get(id) === item.hash) results[item.index] = { id, status: 'duplicate' };
      else results[item.index] = { id, status: 'rejected', error: 'id-conflict', message: 'a different record with this id is already on the hub' };
    }
  }
  return results.map((result, index) => result ?? { id: idOf(records[index], index), status: 'rejected', error: 'invalid-record', message: 'not processed' });
}

/** One INSERT for the batch; rows whose id exists are skipped. Returns the ids it inserted. */
async function insertNew(db: Queryable, accepted: readonly Accepted[], now: Date): Promise<Set<string>> {
  const params: unknown[] = [];
  const tuples = accepted.map(({ record, hash }) => {
    const values = [
      record.id, record.schemaVersion, record.channel, record.startedAt, record.durationMinutes, record.shiftId,
      record.returningContact, record.contactType, record.topics, record.ageBand, record.gender, record.outcome,
      record.referral, record.emergency.flagged, record.emergency.providerCallReference, record.summary, hash, now,
    ];
    const placeholders = values.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO records (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id::text`,
    params,
  );
  return new Set(rows.map((row) => row.id));
}

function idOf(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length <= 64 ? id : `#${index}`;
}

// Names only the fields that failed, never their values (a value could be anything).
function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}
