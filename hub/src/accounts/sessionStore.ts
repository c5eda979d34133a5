import crypto from 'node:crypto';
import type { HubRole } from '../../../shared/hub/hubRoles';
import type { Database, Queryable } from '../db/database';
import type { Principal, SessionVerifier } from '../http/principal';

/**
 * Sessions: a random 32-byte token goes to the client once; the hub stores only its SHA-256,
 * so a copy of the database cannot be used to log in. A session ends when it expires, is
 * revoked (logout, an administrator, a password or TOTP change), or its user is disabled.
 */
export interface SessionStore extends SessionVerifier {
  create(tx: Queryable, userId: string): Promise<{ id: string; token: string; expiresAt: Date }>;
  /** Ends one session; false if it had already ended. */
  revoke(sessionId: string, tx?: Queryable): Promise<boolean>;
  /** Ends every live session of a user; returns how many. */
  revokeAllOf(userId: string, tx?: Queryable): Promise<number>;
}

export function tokenHashOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function createSessionStore(db: Database, now: () => Date, sessionHours: () => number): SessionStore {
  return {
    async create(tx, userId) {
      const id = crypto.randomUUID();
      const token = crypto.randomBytes(32).toString('base64url');
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + sessionHours() * 3_600_000);
      await tx.query('INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        id, userId, tokenHashOf(token), createdAt, expiresAt,
      ]);
      return { id, token, expiresAt };
    },

    async verify(token): Promise<Principal | null> {
      const { rows } = await db.query<{ session_id: string; user_id: string; username: string; role: HubRole }>(
        `SELECT s.id::text AS session_id, u.id::text AS user_id, u.username, u.role
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [tokenHashOf(token), now()],
      );
      const row = rows[0];
      return row ? { sessionId: row.session_id, userId: row.user_id, username: row.username, role: row.role } : null;
    },

    async revoke(sessionId, tx = db) {
      const { rowCount } = await tx.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now()]);
      return rowCount === 1;
    },

    async revokeAllOf(userId, tx = db) {
      const { rowCount } = await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2', [
        userId, now(),
      ]);
      return rowCount;
    },
  };
}

/** Retention: deletes sessions that expired or were revoked more than `days` ago; returns how many. */
export async function purgeEndedSessions(db: Queryable, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1', [before]);
  return rowCount;
}
