import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database';

/** The embedded default: PostgreSQL compiled to WebAssembly, its data in one directory. */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  return wrap(db);
}

function queryable(target: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

function wrap(db: PGlite): Database {
  return {
    engine: 'pglite',
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return async () => stop();
    },
    close: () => db.close(),
  };
}
