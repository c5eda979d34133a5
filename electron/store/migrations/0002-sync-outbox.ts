import type { Migration } from './migration';

/**
 * The sync outbox: one row per final record not yet acknowledged by the hub (DESIGN.md I4).
 * A record leaves the store when the hub acknowledges it; its outbox row goes with it.
 * Records finalised before the outbox existed were never sent, so they are all queued.
 */
export const syncOutbox: Migration = {
  version: 2,
  name: 'sync-outbox',
  sql: `
    CREATE TABLE outbox (
      record_id TEXT PRIMARY KEY NOT NULL REFERENCES records (id) ON DELETE CASCADE,
      enqueued_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      quarantined_at INTEGER
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (quarantined_at, next_attempt_at);

    INSERT INTO outbox (record_id, enqueued_at, next_attempt_at)
      SELECT id, finalized_at, finalized_at FROM records;
  `,
};
