/**
 * One step of the store's schema. `version` is the PRAGMA user_version the file has after it;
 * `sql` runs inside one transaction together with that version bump, so a file is always
 * exactly at one version. A migration, once released, is never edited: add the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
