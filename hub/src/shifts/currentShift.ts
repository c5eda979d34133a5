import type { Queryable } from '../db/database';

export interface CurrentShift {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The shift `userId` may work at `now`: one that has not ended and starts within `graceMinutes`
 * (a counsellor may log in a little early, never after the end). The earliest if two qualify.
 */
export async function currentShiftOf(db: Queryable, userId: string, now: Date, graceMinutes: number): Promise<CurrentShift | null> {
  const { rows } = await db.query<{ id: string; starts_at: Date; ends_at: Date }>(
    `SELECT id::text AS id, starts_at, ends_at FROM shifts
      WHERE user_id = $1 AND ends_at > $2 AND starts_at <= $3
      ORDER BY starts_at LIMIT 1`,
    [userId, now, new Date(now.getTime() + graceMinutes * 60_000)],
  );
  const row = rows[0];
  return row ? { id: row.id, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) } : null;
}
