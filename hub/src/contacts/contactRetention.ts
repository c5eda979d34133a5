import type { HubContext } from '../hubContext';
import { countContactDays } from './contactDailyCounts';
import { windowStart } from './contactWindow';

/** What the retention job did, for the audit log. */
export interface ContactRetentionResult {
  daysCounted: number;
  sightingsDeleted: number;
  keysDeleted: number;
}

/**
 * Forgets everything about returning contacts that is older than the window: first counts the
 * complete days not yet counted (a day's sightings are about to go), then deletes the sightings
 * made before the window and the keys whose validity ended before it. Such a key is no longer
 * handed out, so no new hash can ever match under it; its hash rows from contacts still inside
 * the window go with it (nothing needs them: the contacts of one day always share the hash
 * under a key that is still kept). After this no hash, key or secret older than the window
 * exists in the database; what is left of them is the aggregated daily counts.
 */
export async function forgetOldContacts(context: HubContext): Promise<ContactRetentionResult> {
  const counted = await countContactDays(context);
  const oldest = windowStart(context.policy, context.now());
  return context.db.transaction(async (tx) => {
    const sightings = await tx.query(
      `DELETE FROM contact_sightings
        WHERE seen_at <= $1 OR key_id IN (SELECT key_id FROM contact_keys WHERE valid_until <= $1)`,
      [oldest],
    );
    const keys = await tx.query('DELETE FROM contact_keys WHERE valid_until <= $1', [oldest]);
    return { daysCounted: counted.length, sightingsDeleted: sightings.rowCount, keysDeleted: keys.rowCount };
  });
}
