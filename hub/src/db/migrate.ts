import type { Database } from './database';
import { hubMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';

// Any fixed number: hub processes starting together on one PostgreSQL take turns migrating.
const MIGRATION_LOCK = 7_246_153;

/** Brings the schema up to date; returns the versions it applied. Safe to run concurrently. */
export async function migrate(db: Database, migrations: readonly Migration[] = hubMigrations): Promise<number[]> {
  checkOrder(migrations);
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`).catch(async (error: unknown) => {
    // Two servers racing on CREATE TABLE IF NOT EXISTS can collide on the type; the winner made it.
    const { rows } = await db.query(`SELECT to_regclass('schema_migrations') AS name`);
    if (!rows[0]?.name) throw error;
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`hub migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
  });
}
