import { recordsMigration } from './0001-records';
import { accountsMigration } from './0002-accounts';
import { auditMigration } from './0003-audit';
import { contactsMigration } from './0004-contacts';
import { shiftsMigration } from './0005-shifts';
import { chatMigration } from './0006-chat';
import type { Migration } from './migration';

/** Every migration in order. A new one gets the next version and one line here. */
export const hubMigrations: readonly Migration[] = [recordsMigration, accountsMigration, auditMigration, contactsMigration, shiftsMigration, chatMigration];
