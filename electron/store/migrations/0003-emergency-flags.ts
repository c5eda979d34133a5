import type { Migration } from './migration';

/**
 * Emergency flags (afværgepligt): the provider's call reference a counsellor flagged, with the
 * local code the counsellor was shown. Kept in the encrypted file, not beside it, because a
 * call reference is what lets the provider find a caller.
 */
export const emergencyFlags: Migration = {
  version: 3,
  name: 'emergency-flags',
  sql: `
    CREATE TABLE emergency_flags (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      local_reference TEXT NOT NULL UNIQUE,
      provider_call_reference TEXT
    ) STRICT;
  `,
};
