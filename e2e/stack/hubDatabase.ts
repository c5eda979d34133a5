import { PGlite } from '@electric-sql/pglite';

/**
 * The hub's embedded database read directly, after the hub process has stopped (PGlite allows
 * one process at a time): every row of every table as text, for the privacy canaries, and
 * single queries for what a spec checks by value.
 */
export interface HubDatabaseDump {
  /** Every row of every public table, `table: (row as text)` per line; bytea as \x hex. */
  text: string;
  /** Rows per table. */
  counts: Record<string, number>;
}

export async function dumpHubDatabase(dataDir: string): Promise<HubDatabaseDump> {
  return withHubDatabase(dataDir, async (db) => {
    const { rows: tables } = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const lines: string[] = [];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      counts[name] = rows.length;
      for (const { row } of rows) lines.push(`${name}: ${row}`);
    }
    return { text: lines.join('\n'), counts };
  });
}

/** Opens the stopped hub's PGlite directory for `use`, and closes it again. */
export async function withHubDatabase<T>(dataDir: string, use: (db: PGlite) => Promise<T>): Promise<T> {
  const db = await PGlite.create(dataDir);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}
