import type { Queryable } from '../db/database';
import type { HubPolicy } from '../policy/hubPolicy';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RecordRetentionOutcome {
  /** Records whose summary and emergency reference were cleared. */
  detailsCleared: number;
  /** Records deleted whole. */
  recordsDeleted: number;
}

/**
 * The record side of the retention policy: detail (free-text summary, the provider's emergency
 * reference) goes after `recordDetailDays`, counted from arrival at the hub; the closed-choice
 * rest that the statistics count goes after `recordDays`, counted from the contact itself.
 */
export async function applyRecordRetention(db: Queryable, policy: HubPolicy, now: Date): Promise<RecordRetentionOutcome> {
  const detailCutoff = new Date(now.getTime() - policy.retention.recordDetailDays * DAY_MS);
  const recordCutoff = new Date(now.getTime() - policy.retention.recordDays * DAY_MS);
  const deleted = await db.query('DELETE FROM records WHERE started_at < $1', [recordCutoff]);
  const cleared = await db.query(
    `UPDATE records SET summary = NULL, emergency_reference = NULL, detail_removed_at = $2
     WHERE detail_removed_at IS NULL AND received_at < $1`,
    [detailCutoff, now],
  );
  return { detailsCleared: cleared.rowCount, recordsDeleted: deleted.rowCount };
}
