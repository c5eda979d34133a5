import { contactRecords } from './0001-contact-records';
import { syncOutbox } from './0002-sync-outbox';
import { emergencyFlags } from './0003-emergency-flags';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration in order; the last one's version is the schema this code reads and writes. */
export const migrations: readonly Migration[] = [contactRecords, syncOutbox, emergencyFlags];
