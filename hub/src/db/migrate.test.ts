import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from './database';
import { migrate } from './migrate';
import { hubMigrations } from './migrations/index';

describe.each(hubDatabaseEngines)('hub migrations on %s', (engine) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('applies every migration once, and a second run applies none', async () => {
    db = await freshDatabase(engine, { migrated: false });
    expect(await migrate(db)).toEqual(hubMigrations.map((migration) => migration.version));
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(hubMigrations.map((migration) => migration.version));
  });

  it('rolls a failing migration back whole and applies nothing after it', async () => {
    db = await freshDatabase(engine, { migrated: false });
    const broken = [...hubMigrations, { version: hubMigrations.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_column FROM half_done;' }];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_column/);
    const { rows } = await db.query<{ name: string | null }>(`SELECT to_regclass('half_done')::text AS name`);
    expect(rows[0]?.name).toBeNull();
    expect(await migrate(db)).toEqual([]);
  });

  it('refuses a list whose versions are out of order', async () => {
    db = await freshDatabase(engine, { migrated: false });
    await expect(migrate(db, [{ version: 2, name: 'skipped-one', sql: 'SELECT 1' }])).rejects.toThrow(/expected 1/);
  });
});
