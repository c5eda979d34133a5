import type { AwayReason, PendingLogout, PresenceState, ReportedState } from '../../../shared/hub/presenceApi';
import type { Queryable } from '../db/database';

/**
 * The `presence` rows every hub process shares, and the NOTIFY that tells the others about a
 * change. Every write names the shift login (and, from a socket, the connection) it is about, so
 * a late write from an ended login or a replaced socket changes nothing.
 */
export const PRESENCE_CHANNEL = 'tavs_presence';

/** What a `tavs_presence` notification says; every kind also means "the board changed". */
export type PresenceEvent =
  | { kind: 'changed'; userId: string }
  /** A socket of this login connected at `connection`: any other socket of the user closes. */
  | { kind: 'connected'; userId: string; loginId: string; connection: string }
  /** The shift login ended: its sockets close with `shiftEnded`. */
  | { kind: 'ended'; userId: string; loginId: string }
  /** No heartbeat in time: its sockets close with `lost`. */
  | { kind: 'lost'; userId: string; loginId: string };

export function parsePresenceEvent(payload: string): PresenceEvent | null {
  try {
    const event = JSON.parse(payload) as PresenceEvent;
    return typeof event === 'object' && event !== null && typeof event.userId === 'string' ? event : null;
  } catch {
    return null;
  }
}

/** Sent when `db`'s transaction commits (at once outside one). */
export async function notifyPresence(db: Queryable, event: PresenceEvent): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify(event)]);
}

/** A new shift login: the row starts `offline` until its socket reports a state. */
export async function presenceOnLogin(tx: Queryable, userId: string, loginId: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO presence (user_id, shift_login_id, state, away_reason, since, connected_to, last_heartbeat_at, pending_logout)
     VALUES ($1, $2, 'offline', NULL, $3, NULL, NULL, NULL)
     ON CONFLICT (user_id) DO UPDATE SET shift_login_id = $2, state = 'offline', away_reason = NULL, since = $3,
       connected_to = NULL, last_heartbeat_at = NULL, pending_logout = NULL`,
    [userId, loginId, now],
  );
  await notifyPresence(tx, { kind: 'changed', userId });
}

/** The shift login ended: offline, nothing pending, and its sockets are told to close. */
export async function presenceOnEnd(tx: Queryable, userId: string, loginId: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE presence SET shift_login_id = NULL, state = 'offline', away_reason = NULL, since = $3, connected_to = NULL, pending_logout = NULL
      WHERE user_id = $1 AND shift_login_id = $2`,
    [userId, loginId, now],
  );
  await notifyPresence(tx, { kind: 'ended', userId, loginId });
}

export interface SocketRef {
  userId: string;
  loginId: string;
  /** `<instance id>/<connection id>`: which process holds the socket, and which socket it is. */
  connection: string;
}

/** A socket connected: it is now the one that speaks for the login. False if the login is no longer live. */
export async function presenceOnConnect(db: Queryable, ref: SocketRef, now: Date): Promise<boolean> {
  const event: PresenceEvent = { kind: 'connected', userId: ref.userId, loginId: ref.loginId, connection: ref.connection };
  // The change and its announcement in one statement: one round trip for every (re)connecting workstation.
  const { rows } = await db.query(
    `WITH connected AS (
       UPDATE presence SET connected_to = $3, last_heartbeat_at = $4 WHERE user_id = $1 AND shift_login_id = $2 RETURNING user_id
     )
     SELECT pg_notify($5, $6) FROM connected`,
    [ref.userId, ref.loginId, ref.connection, now, PRESENCE_CHANNEL, JSON.stringify(event)],
  );
  return rows.length === 1;
}

/** The state the workstation reports; `since` moves only when the state (or away reason) changes. */
export async function presenceOnReport(db: Queryable, ref: SocketRef, state: ReportedState, awayReason: AwayReason | null, now: Date): Promise<void> {
  const reason = state === 'away' ? awayReason : null;
  const event: PresenceEvent = { kind: 'changed', userId: ref.userId };
  await db.query(
    `WITH reported AS (
       UPDATE presence SET state = $4, away_reason = $5, last_heartbeat_at = $6,
              since = CASE WHEN state IS DISTINCT FROM $4 OR away_reason IS DISTINCT FROM $5 THEN $6 ELSE since END
        WHERE user_id = $1 AND shift_login_id = $2 AND connected_to = $3 RETURNING user_id
     )
     SELECT pg_notify($7, $8) FROM reported`,
    [ref.userId, ref.loginId, ref.connection, state, reason, now, PRESENCE_CHANNEL, JSON.stringify(event)],
  );
}

/** The socket closed; the state stays until a heartbeat is missing long enough (the sweep). */
export async function presenceOnDisconnect(db: Queryable, ref: SocketRef): Promise<void> {
  await db.query('UPDATE presence SET connected_to = NULL WHERE user_id = $1 AND connected_to = $2', [ref.userId, ref.connection]);
}

/** This process saw no heartbeat on its socket in time. */
export async function presenceOnLost(db: Queryable, ref: SocketRef, now: Date): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE presence SET state = 'lost', away_reason = NULL, since = $4, connected_to = NULL
      WHERE user_id = $1 AND shift_login_id = $2 AND connected_to = $3 AND state <> 'lost'`,
    [ref.userId, ref.loginId, ref.connection, now],
  );
  if (rowCount === 1) await notifyPresence(db, { kind: 'lost', userId: ref.userId, loginId: ref.loginId });
}

/** Heartbeats seen since the last flush, written in one statement (2,000 sockets must not mean 200 writes/s). */
export async function flushHeartbeats(db: Queryable, beats: readonly (SocketRef & { at: Date })[]): Promise<void> {
  if (beats.length === 0) return;
  await db.query(
    `UPDATE presence p SET last_heartbeat_at = GREATEST(p.last_heartbeat_at, b.at)
       FROM (SELECT unnest($1::uuid[]) AS user_id, unnest($2::text[]) AS connection, unnest($3::timestamptz[]) AS at) b
      WHERE p.user_id = b.user_id AND p.connected_to = b.connection`,
    [beats.map((beat) => beat.userId), beats.map((beat) => beat.connection), beats.map((beat) => beat.at)],
  );
}

/**
 * Every row of a live login whose last heartbeat is older than `lostAfterSeconds` becomes `lost`,
 * announced in the same statement. Idempotent: every process runs it.
 */
export async function sweepLostPresence(db: Queryable, now: Date, lostAfterSeconds: number): Promise<number> {
  const { rows } = await db.query(
    `WITH lost AS (
       UPDATE presence SET state = 'lost', away_reason = NULL, since = $1, connected_to = NULL
        WHERE state NOT IN ('offline', 'lost') AND shift_login_id IS NOT NULL
          AND COALESCE(last_heartbeat_at, since) < $1::timestamptz - make_interval(secs => $2)
        RETURNING user_id, shift_login_id
     )
     SELECT pg_notify($3, json_build_object('kind', 'lost', 'userId', user_id, 'loginId', shift_login_id)::text) FROM lost`,
    [now, lostAfterSeconds, PRESENCE_CHANNEL],
  );
  return rows.length;
}

export async function setPendingLogout(tx: Queryable, userId: string, loginId: string, pending: PendingLogout): Promise<void> {
  await tx.query('UPDATE presence SET pending_logout = $3::jsonb WHERE user_id = $1 AND shift_login_id = $2', [userId, loginId, JSON.stringify(pending)]);
  await notifyPresence(tx, { kind: 'changed', userId });
}

export interface PresenceRow {
  shiftLoginId: string | null;
  state: PresenceState;
  connectedTo: string | null;
}

export async function presenceOf(db: Queryable, userId: string): Promise<PresenceRow | null> {
  const { rows } = await db.query<{ shift_login_id: string | null; state: PresenceState; connected_to: string | null }>(
    'SELECT shift_login_id::text AS shift_login_id, state, connected_to FROM presence WHERE user_id = $1',
    [userId],
  );
  const row = rows[0];
  return row ? { shiftLoginId: row.shift_login_id, state: row.state, connectedTo: row.connected_to } : null;
}
