import crypto from 'node:crypto';
import { inject } from 'vitest';
import type { Database, DatabaseEngine } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openPgliteDatabase } from '../src/db/pgliteDatabase';
import { openPostgresDatabase } from '../src/db/postgresDatabase';
import { createDatabaseOn } from './postgresServer';

/** Every hub test runs on both engines: `describe.each(hubDatabaseEngines)(...)`. */
export const hubDatabaseEngines: readonly DatabaseEngine[] = ['pglite', 'postgres'];

/**
 * A new, empty, migrated database: an in-memory PGlite, or a database of its own on the
 * PostgreSQL server that the test run's global setup started (see vitestGlobalSetup.ts).
 */
export async function freshDatabase(engine: DatabaseEngine, options: { migrated?: boolean } = {}): Promise<Database> {
  const db = engine === 'pglite' ? await openPgliteDatabase() : await openPostgresDatabase(await createPostgresDatabase());
  if (options.migrated !== false) await migrate(db);
  return db;
}

/** Creates an empty database on the test server and returns its connection string. */
export async function createPostgresDatabase(): Promise<string> {
  return createDatabaseOn(inject('postgresUrl'), `hub_test_${crypto.randomBytes(6).toString('hex')}`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
