import type { HubUser } from '../../../shared/hub/accountsApi';
import type { HubRole } from '../../../shared/hub/hubRoles';
import type { Queryable } from '../db/database';

/** All SQL on the users table. */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: HubRole;
  password_hash: string;
  totp_secret: string | null;
  totp_last_step: number | null;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id::text AS id, username, display_name, role, password_hash, totp_secret, totp_last_step, disabled_at, created_at';

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username]);
  return rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(username)`);
  return rows;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: HubRole;
  passwordHash: string;
  totpSecret: string | null;
  createdAt: Date;
}

/** Inserts the user, or returns null if the name is taken (in any letter case). */
export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, username, display_name, role, password_hash, totp_secret, created_at)
     VALUES ($1, lower($2), $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [user.id, user.username, user.displayName, user.role, user.passwordHash, user.totpSecret, user.createdAt],
  );
  return rows[0] ?? null;
}

export async function setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

/** A new secret starts with no step used. */
export async function setTotpSecret(db: Queryable, id: string, secret: string): Promise<void> {
  await db.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1', [id, secret]);
}

/** Disables the user (keeping the first time if already disabled); returns the row after. */
export async function disableUser(db: Queryable, id: string, at: Date): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`UPDATE users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`, [id, at]);
  return rows[0] ?? null;
}

/**
 * Records `step` as the last TOTP step used, only if it is later than the last one. One
 * statement, so two logins racing with the same code (even on two hub processes) cannot both win.
 */
export async function claimTotpStep(db: Queryable, id: string, secret: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE users SET totp_last_step = $3 WHERE id = $1 AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)',
    [id, secret, step],
  );
  return rowCount === 1;
}

export function hubUserOf(row: UserRow): HubUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    totpEnrolled: row.totp_secret !== null,
    disabledAt: row.disabled_at ? row.disabled_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}
