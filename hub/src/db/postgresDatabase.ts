import pg from 'pg';
import type { Database, QueryResult, Queryable } from './database';

// Dates as the database states them: `date` columns stay 'YYYY-MM-DD' strings, as on PGlite,
// instead of becoming midnight in the hub's local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A PostgreSQL server, reached through a pool (DATABASE_URL). */
export async function openPostgresDatabase(connectionString: string, options: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  // An idle client that loses its connection must not crash the hub; the pool replaces it.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();
  return wrap(pool);
}

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which takes several statements.
      await target.query(sql);
    },
  };
}

function wrap(pool: pg.Pool): Database {
  return {
    engine: 'postgres',
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      // LISTEN needs one dedicated connection for as long as we listen.
      const client = await pool.connect();
      const handler = (message: pg.Notification): void => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    close: () => pool.end(),
  };
}
