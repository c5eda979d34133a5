import { CONTACT_KEYS_PATH, type ContactSightingRequest, type ContactSightingResponse } from '../../../shared/hub/contactsApi';
import type { Queryable } from '../db/database';
import { HttpError } from '../http/httpError';
import type { HubContext } from '../hubContext';
import { keysInWindow, type StoredContactKey } from './contactKeys';
import { frequentPeriodStart, windowStart } from './contactWindow';

// Sightings of one caller take turns (pg_advisory_xact_lock(space, id)), so two workstations
// answering the same caller at once each see the other's contact.
const CALLER_LOCK_SPACE = 7_246_155;

const REFETCH = `fetch ${CONTACT_KEYS_PATH} again and hash under every key it returns`;

interface SightingRow {
  key_id: string;
  hash: string;
  seen_at: Date | string;
  contacts_in_window: number;
  contacts_in_week: number;
}

/**
 * Registers one contact at the hub's clock and answers how many contacts its caller had within
 * the window, this one included. The workstation sends a hash under every key the hub hands out
 * now (the current and, when it overlaps the window, the previous key): the previous key's hash
 * finds the caller's contacts from before the last rotation. A resent contactId is stored and
 * counted once.
 */
export async function registerSighting(context: HubContext, sighting: ContactSightingRequest): Promise<ContactSightingResponse> {
  const windowDays = context.policy.retention.contactWindowDays;
  const now = context.now();
  return context.db.transaction(async (tx) => {
    const keys = await keysInWindow(tx, context, now);
    checkKeys(keys, sighting, now);
    const current = sighting.hashes.find((given) => given.keyId === keys[0]?.keyId);
    await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [CALLER_LOCK_SPACE, lockIdOf(current?.hash ?? '')]);

    const keyIds = sighting.hashes.map((given) => given.keyId);
    const hashes = sighting.hashes.map((given) => given.hash);
    const stored = await storedCounts(tx, context, sighting, now, keyIds, hashes);
    await tx.query(
      `INSERT INTO contact_sightings (contact_id, key_id, hash, seen_at, contacts_in_window, contacts_in_week)
       SELECT $1, given.key_id, given.hash, $4, $5, $6 FROM unnest($2::text[], $3::text[]) AS given (key_id, hash)
       ON CONFLICT (contact_id, key_id) DO NOTHING`,
      [sighting.contactId, keyIds, hashes, stored.seenAt, stored.inWindow, stored.inWeek],
    );
    // Counted afresh, so a resend also sees the contacts that came since; the contact itself
    // counts even if its first sending has just left the window.
    const { rows } = await tx.query<{ contacts: number }>(
      `SELECT count(DISTINCT contact_id)::int AS contacts FROM contact_sightings
        WHERE (key_id, hash) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          AND (seen_at > $3 OR contact_id = $4)`,
      [keyIds, hashes, windowStart(context.policy, now), sighting.contactId],
    );
    return { contactsInWindow: Math.max(1, rows[0]?.contacts ?? 1), windowDays };
  });
}

/**
 * The sighting's time and counts: a new contact's as of now (other contacts of its caller in
 * the window and in the frequent period, plus itself); a resent one's as first stored.
 */
async function storedCounts(
  tx: Queryable,
  context: HubContext,
  sighting: ContactSightingRequest,
  now: Date,
  keyIds: string[],
  hashes: string[],
): Promise<{ seenAt: Date; inWindow: number; inWeek: number }> {
  const { rows: earlier } = await tx.query<SightingRow>(
    'SELECT key_id, hash, seen_at, contacts_in_window, contacts_in_week FROM contact_sightings WHERE contact_id = $1',
    [sighting.contactId],
  );
  const first = earlier[0];
  if (first) {
    const differs = earlier.some((row) => sighting.hashes.some((given) => given.keyId === row.key_id && given.hash !== row.hash));
    if (differs) throw new HttpError('conflict', 'this contactId is already registered with a different hash');
    return { seenAt: new Date(first.seen_at), inWindow: first.contacts_in_window, inWeek: first.contacts_in_week };
  }
  const { rows } = await tx.query<{ in_window: number; in_week: number }>(
    `SELECT count(DISTINCT contact_id)::int AS in_window,
            count(DISTINCT contact_id) FILTER (WHERE seen_at > $4)::int AS in_week
       FROM contact_sightings
      WHERE (key_id, hash) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND seen_at > $3`,
    [keyIds, hashes, windowStart(context.policy, now), frequentPeriodStart(context.policy, now)],
  );
  return { seenAt: now, inWindow: (rows[0]?.in_window ?? 0) + 1, inWeek: (rows[0]?.in_week ?? 0) + 1 };
}

/**
 * The hashes must be under exactly the keys handed out now. A stale key set (the workstation
 * fetched before a rotation) is refused rather than half-used: a contact without the current
 * key's hash would be invisible to the next window's contacts, one without the previous key's
 * hash blind to the last window's.
 */
function checkKeys(keys: readonly StoredContactKey[], sighting: ContactSightingRequest, now: Date): void {
  const current = keys[0];
  if (!current || current.validUntil <= now) throw new HttpError('invalid-request', `there is no current contact key: ${REFETCH}`);
  const known = new Set(keys.map((key) => key.keyId));
  const given = sighting.hashes.map((hash) => hash.keyId);
  const issues = given.flatMap((keyId, index) => {
    if (!known.has(keyId)) return [{ path: `hashes.${index}.keyId`, message: 'unknown or expired contact key' }];
    if (given.indexOf(keyId) !== index) return [{ path: `hashes.${index}.keyId`, message: 'contact key given twice' }];
    return [];
  });
  if (issues.length > 0) throw new HttpError('invalid-request', `unknown, expired or repeated contact key: ${REFETCH}`, issues);
  if (keys.some((key) => !given.includes(key.keyId))) {
    throw new HttpError('invalid-request', `a hash under a current contact key is missing: ${REFETCH}`);
  }
}

/** The caller's lock id: the first 32 bits of the current key's hash, as a signed integer. */
function lockIdOf(hash: string): number {
  return Number.parseInt(hash.slice(0, 8) || '0', 16) | 0;
}
