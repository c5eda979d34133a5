/** One step of the hub's schema, in plain PostgreSQL (runs unchanged on PGlite and on a server). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
