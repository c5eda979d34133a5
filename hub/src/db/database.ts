/**
 * The hub's one view of its database. PGlite (embedded) and a PostgreSQL server both speak the
 * same SQL, so every module writes plain PostgreSQL against this interface and runs on either.
 */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by the statement (0 for a SELECT on some drivers). */
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DatabaseEngine = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly engine: DatabaseEngine;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Delivers NOTIFY payloads on `channel` (LISTEN). Resolves once listening; the returned
   * function stops listening. On PGlite only this process hears its own notifications.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
