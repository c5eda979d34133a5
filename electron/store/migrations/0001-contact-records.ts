import type { Migration } from './migration';

/**
 * The first schema: the draft of each open contact, final records, and the access log.
 *
 * Record content is an opaque JSON payload (the record model is defined in shared/, and its
 * version is kept beside it), so the model can change without a migration here. Times are
 * milliseconds since the epoch. The audit log names an action and a record id, never content.
 */
export const contactRecords: Migration = {
  version: 1,
  name: 'contact-records',
  sql: `
    CREATE TABLE drafts (
      record_id TEXT PRIMARY KEY NOT NULL CHECK (length(record_id) = 36),
      shift_id TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 1),
      payload_version INTEGER NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload))
    ) STRICT;
    CREATE INDEX drafts_by_shift ON drafts (shift_id, started_at);

    CREATE TABLE records (
      id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
      shift_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      finalized_at INTEGER NOT NULL,
      payload_version INTEGER NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload))
    ) STRICT;
    CREATE INDEX records_by_shift ON records (shift_id, created_at);

    CREATE TABLE audit (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      action TEXT NOT NULL,
      record_id TEXT
    ) STRICT;
    CREATE INDEX audit_by_time ON audit (at);
  `,
};
