import type { Migration } from './migration';

/**
 * Contact records as the workstations send them: closed choices, the day-and-minute of the
 * contact, and two detail fields (summary, emergency reference) that the retention job clears
 * long before the row itself goes. The id is the workstation's, so a resent record is found,
 * never stored twice; `content_hash` tells a harmless resend from a different record that
 * reuses an id.
 */
export const recordsMigration: Migration = {
  version: 1,
  name: 'records',
  sql: `
    CREATE TABLE records (
      id uuid PRIMARY KEY,
      schema_version integer NOT NULL,
      channel text NOT NULL,
      started_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL,
      shift_id text NOT NULL,
      returning_contact boolean NOT NULL,
      contact_type text NOT NULL,
      topics text[] NOT NULL,
      age_band text NOT NULL,
      gender text NOT NULL,
      outcome text NOT NULL,
      referral text NOT NULL,
      emergency_flagged boolean NOT NULL,
      emergency_reference text,
      summary text,
      content_hash text NOT NULL,
      received_at timestamptz NOT NULL,
      detail_removed_at timestamptz
    );
    CREATE INDEX records_started_at ON records (started_at);
    CREATE INDEX records_detail_due ON records (received_at) WHERE detail_removed_at IS NULL;
  `,
};
