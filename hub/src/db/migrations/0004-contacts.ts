import type { Migration } from './migration';

/**
 * Returning contacts (DESIGN.md §1.2, hub/src/contacts). `contact_keys` holds the HMAC keys the
 * workstations hash the provider's pseudonym with, one per window, never overlapping.
 * `contact_sightings` holds one row per hash of a contact (a contact is hashed under every key
 * handed out at the time); `contacts_in_window`/`contacts_in_week` are the caller's counts at the
 * moment of the contact, kept so the daily counts need nothing older than the day itself.
 * Both tables are emptied of everything older than the window by the retention job; only the
 * aggregated `contact_daily_counts` outlive it (the statistics read them).
 */
export const contactsMigration: Migration = {
  version: 4,
  name: 'contacts',
  sql: `
    CREATE TABLE contact_keys (
      key_id text PRIMARY KEY,
      secret bytea NOT NULL CHECK (length(secret) = 32),
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NOT NULL CHECK (valid_until > valid_from),
      EXCLUDE USING gist (tstzrange(valid_from, valid_until) WITH &&)
    );
    CREATE TABLE contact_sightings (
      contact_id uuid NOT NULL,
      key_id text NOT NULL REFERENCES contact_keys (key_id) ON DELETE CASCADE,
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      seen_at timestamptz NOT NULL,
      contacts_in_window integer NOT NULL,
      contacts_in_week integer NOT NULL,
      PRIMARY KEY (contact_id, key_id)
    );
    CREATE INDEX contact_sightings_by_hash ON contact_sightings (key_id, hash);
    CREATE INDEX contact_sightings_by_time ON contact_sightings (seen_at);
    CREATE TABLE contact_daily_counts (
      day date PRIMARY KEY,
      unique_contacts integer NOT NULL,
      returning_contacts integer NOT NULL,
      frequent_contacts integer NOT NULL
    );
  `,
};
