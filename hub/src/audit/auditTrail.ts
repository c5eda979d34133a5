import type { Queryable } from '../db/database';

/**
 * The append-only audit log as the other modules see it: who did what, when. Details are short
 * primitives chosen by the caller: never record content, never anything about a caller.
 */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntryInput {
  /** The acting user's id, or null for the hub itself (jobs, start-up). */
  actorId: string | null;
  /** A dotted verb, e.g. `records.batch`, `session.login`, `user.create`. */
  action: string;
  /** What it was done to (a user id, a batch id), if anything. */
  target?: string | null;
  details?: AuditDetails;
}

export interface AuditTrail {
  /** Appends one entry; inside `tx` when given, so it commits or rolls back with the change. */
  append(entry: AuditEntryInput, tx?: Queryable): Promise<void>;
}
