import type { Migration } from './migration';

/**
 * The audit log: append-only, each row's hash covering the previous row's (see auditChain.ts).
 * The database itself refuses UPDATE, DELETE and TRUNCATE, so a bug or a careless query cannot
 * rewrite history; whoever can disable the trigger could, and the hash chain shows where.
 */
export const auditMigration: Migration = {
  version: 3,
  name: 'audit',
  sql: `
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      at timestamptz NOT NULL,
      actor_id uuid,
      action text NOT NULL,
      target text,
      details jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL
    );

    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
    END
    $$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
  `,
};
