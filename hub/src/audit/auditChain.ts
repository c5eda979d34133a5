import crypto from 'node:crypto';
import type { AuditChainStatus } from '../../../shared/hub/auditApi';
import type { Queryable } from '../db/database';
import type { AuditDetails } from './auditTrail';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as it is hashed: everything stored except its own hash. */
export interface ChainedEntry {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  target: string | null;
  details: AuditDetails;
  prevHash: string;
}

/**
 * hash = SHA-256(prev_hash, newline, canonical entry). The canonical entry is a JSON array with
 * a fixed field order and the details as key-sorted pairs, so it reads back identically from
 * jsonb (which reorders keys) on either engine.
 */
export function entryHash(entry: ChainedEntry): string {
  const details = Object.keys(entry.details)
    .sort()
    .map((key) => [key, entry.details[key]]);
  const canonical = JSON.stringify([entry.seq, entry.at.toISOString(), entry.actorId, entry.action, entry.target, details]);
  return crypto.createHash('sha256').update(`${entry.prevHash}\n${canonical}`).digest('hex');
}

export interface AuditRow {
  seq: number | string;
  at: Date;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: AuditDetails;
  prev_hash: string;
  hash: string;
}

export const AUDIT_ROW_COLUMNS = 'seq, at, actor_id::text AS actor_id, action, target, details, prev_hash, hash';

/** PostgreSQL hands bigint over as a string, PGlite as a number. */
export function chainedEntryOf(row: AuditRow): ChainedEntry {
  return { seq: Number(row.seq), at: row.at, actorId: row.actor_id, action: row.action, target: row.target, details: row.details, prevHash: row.prev_hash };
}

const PAGE = 1000;

/**
 * Walks the whole log from seq 1: every entry must follow the one before (next seq, its hash as
 * prev_hash) and hash to what is stored. The first entry that does not is where the chain broke.
 * (Removing entries at the very end leaves an intact, shorter chain: compare `headHash` with one
 * noted earlier to catch that.)
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditChainStatus> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`, [expectedSeq]);
    for (const row of rows) {
      const entry = chainedEntryOf(row);
      if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || entryHash(entry) !== row.hash) return { ok: false, brokenAtSeq: entry.seq };
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) return { ok: true, entries: expectedSeq - 1, headHash: prevHash };
  }
}
