import crypto from 'node:crypto';
import type { ContactKey } from '../../../shared/hub/contactsApi';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import { contactWindowMs, windowStart } from './contactWindow';

// Any fixed number: hub processes sharing one PostgreSQL take turns creating the next key.
const KEY_ROTATION_LOCK = 7_246_154;

export interface StoredContactKey {
  keyId: string;
  secret: Buffer;
  validFrom: Date;
  validUntil: Date;
}

interface KeyRow {
  key_id: string;
  secret: Uint8Array;
  valid_from: Date | string;
  valid_until: Date | string;
}

/**
 * The keys a workstation must hash with now, newest first: every key whose validity overlaps
 * the window. Keys are one window long and never overlap, so these are at most two: the
 * current one and the one before it, whose hashes still match the older contacts in the window.
 */
export async function keysInWindow(db: Queryable, context: Pick<HubContext, 'policy'>, now: Date): Promise<StoredContactKey[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT key_id, secret, valid_from, valid_until FROM contact_keys
      WHERE valid_until > $1 ORDER BY valid_from DESC LIMIT 2`,
    [windowStart(context.policy, now)],
  );
  return rows.map((row) => ({
    keyId: row.key_id,
    secret: Buffer.from(row.secret),
    validFrom: new Date(row.valid_from),
    validUntil: new Date(row.valid_until),
  }));
}

/**
 * The current and the previous key, newest first, after creating a new current key when the
 * last one has expired. Under an advisory lock, so two hub processes asking at once create one
 * key between them (the table's exclusion constraint would refuse a second, overlapping one).
 */
export async function currentContactKeys(context: HubContext): Promise<StoredContactKey[]> {
  const created = await context.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [KEY_ROTATION_LOCK]);
    const now = context.now();
    const keys = await keysInWindow(tx, context, now);
    // A key another process made a moment "later" on its clock still counts as current.
    if (keys[0] && keys[0].validUntil > now) return { keys, created: null };
    const keyId = crypto.randomUUID();
    await tx.query('INSERT INTO contact_keys (key_id, secret, valid_from, valid_until) VALUES ($1, $2, $3, $4)', [
      keyId,
      crypto.randomBytes(32),
      now,
      new Date(now.getTime() + contactWindowMs(context.policy)),
    ]);
    return { keys: await keysInWindow(tx, context, now), created: keyId };
  });
  if (created.created) context.log.info('contacts', 'contact key rotated', { keyId: created.created });
  return created.keys;
}

/** A key as the workstation receives it. */
export function toContactKey(key: StoredContactKey): ContactKey {
  return {
    keyId: key.keyId,
    key: key.secret.toString('base64'),
    validFrom: key.validFrom.toISOString(),
    validUntil: key.validUntil.toISOString(),
  };
}
