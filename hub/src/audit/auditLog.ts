import type { FastifyInstance } from 'fastify';
import type { AuditChainStatus, AuditEntry } from '../../../shared/hub/auditApi';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import type { SessionVerifier } from '../http/principal';
import { GENESIS_HASH, chainedEntryOf, entryHash, verifyAuditChain, type AuditRow } from './auditChain';
import { registerAuditRoutes } from './auditRoutes';
import type { AuditDetails, AuditEntryInput, AuditTrail } from './auditTrail';

// Any fixed number (not the migration lock's): appends from every hub process take turns.
const AUDIT_APPEND_LOCK = 7_246_154;

export interface AuditLog extends AuditTrail {
  /** Entries with seq > afterSeq, oldest first. */
  entries(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Checks the whole hash chain (see verifyAuditChain). */
  verify(): Promise<AuditChainStatus>;
  /** GET /api/v1/audit, for administrators. */
  registerRoutes(app: FastifyInstance, sessions: SessionVerifier): void;
}

export function createAuditLog(context: HubContext): AuditLog {
  const { db } = context;
  const log: AuditLog = {
    async append(entry, tx) {
      checkEntry(entry);
      // The lock only serializes inside a transaction; the database handle itself is not one.
      if (tx && tx !== db) await appendIn(tx, entry, context.now());
      else await db.transaction((own) => appendIn(own, entry, context.now()));
    },
    async entries(afterSeq, limit) {
      const { rows } = await db.query<AuditRow & { actor_username: string | null }>(
        `SELECT a.seq, a.at, a.actor_id::text AS actor_id, a.action, a.target, a.details, a.prev_hash, a.hash, u.username AS actor_username
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
        [afterSeq, limit],
      );
      return rows.map((row) => {
        const entry = chainedEntryOf(row);
        return { ...entry, at: entry.at.toISOString(), actorUsername: row.actor_username, hash: row.hash };
      });
    },
    verify: () => verifyAuditChain(db),
    registerRoutes: (app, sessions) => registerAuditRoutes(app, log, sessions),
  };
  return log;
}

async function appendIn(tx: Queryable, entry: AuditEntryInput, at: Date): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const { rows } = await tx.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const last = rows[0];
  const chained = {
    seq: last ? Number(last.seq) + 1 : 1,
    at,
    actorId: entry.actorId,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor_id, action, target, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)',
    [chained.seq, chained.at, chained.actorId, chained.action, chained.target, JSON.stringify(chained.details), chained.prevHash, entryHash(chained)],
  );
}

/**
 * Entries are short and machine-made; anything else is a caller's bug, refused before it is
 * chained. Details must also survive jsonb unchanged (no NUL, no lone surrogate, finite numbers),
 * or the entry would no longer hash to what was stored.
 */
function checkEntry(entry: AuditEntryInput): void {
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(entry.action) || entry.action.length > 100) throw new Error(`audit: malformed action ${JSON.stringify(entry.action.slice(0, 100))}`);
  if (entry.target != null) checkText(entry.target, 'target');
  const details: AuditDetails = entry.details ?? {};
  const keys = Object.keys(details);
  if (keys.length > 20) throw new Error('audit: too many details');
  for (const key of keys) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) throw new Error('audit: malformed detail key');
    const value = details[key];
    if (typeof value === 'string') checkText(value, key);
    else if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`audit: detail ${key} is not a finite number`);
    else if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`audit: detail ${key} is not a primitive`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: string, what: string): void {
  if (value.length > 200 || value.includes('\u0000') || LONE_SURROGATE.test(value)) throw new Error(`audit: ${what} is too long or not storable text`);
}
