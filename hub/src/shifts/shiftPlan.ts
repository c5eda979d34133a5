import crypto from 'node:crypto';
import { SHIFT_MAX_HOURS, type Shift } from '../../../shared/hub/shiftsApi';
import type { Queryable } from '../db/database';

/**
 * The shift plan's store: all SQL on `shifts` for planning (the shift login reads it through
 * currentShift.ts). One person never has two overlapping shifts; the check and the write happen
 * in one transaction under that person's advisory lock, so two administrators (or two hub
 * processes) saving at once cannot both slip a shift into the same hour. Every function here
 * takes the transaction it runs in; the caller adds its audit entry to the same one.
 *
 * Shifts are half-open spans [start, end): one ending at 16:00 and the next starting at 16:00 do
 * not overlap.
 */

/** Why a shift was refused. The first four are also CSV import problems (shiftImportProblems). */
export type ShiftRefusalReason =
  | 'unknown-user'
  | 'not-counsellor'
  | 'end-before-start'
  | 'too-long'
  | 'overlap'
  | 'not-found'
  /** Someone is logged in to it now (a live shift login): not moved or deleted under them. */
  | 'logged-in'
  /** It has been worked: its shift logins keep it in the plan. */
  | 'worked';

export class ShiftRefusal extends Error {
  constructor(readonly reason: ShiftRefusalReason) {
    super(`shift refused: ${reason}`);
  }
}

export interface ShiftTimes {
  startsAt: Date;
  endsAt: Date;
}

/** A shift as the administrator asks for it: whose (user name, any letter case) and when. */
export interface ShiftRequest extends ShiftTimes {
  username: string;
}

/** A would-be shift owner, looked up by name. */
export interface ShiftOwner {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}

const MAX_MS = SHIFT_MAX_HOURS * 3_600_000;

/** What is wrong with the times alone, if anything. */
export function shiftTimesProblem(times: ShiftTimes): 'end-before-start' | 'too-long' | null {
  const length = times.endsAt.getTime() - times.startsAt.getTime();
  if (!(length > 0)) return 'end-before-start';
  if (length > MAX_MS) return 'too-long';
  return null;
}

/**
 * Only an enabled counsellor works shifts: supervisors and administrators have no shift login,
 * and a disabled account cannot log in (so it counts as not a counsellor, not as unknown).
 */
export function shiftOwnerProblem(owner: ShiftOwner | undefined): 'unknown-user' | 'not-counsellor' | null {
  if (!owner) return 'unknown-user';
  if (owner.role !== 'counsellor' || owner.disabled) return 'not-counsellor';
  return null;
}

/** The users of these names (any letter case), keyed by their lower-case name. */
export async function shiftOwnersByName(tx: Queryable, usernames: readonly string[]): Promise<Map<string, ShiftOwner>> {
  const names = [...new Set(usernames.map((name) => name.toLowerCase()))];
  const owners = new Map<string, ShiftOwner>();
  if (names.length === 0) return owners;
  const { rows } = await tx.query<{ id: string; username: string; display_name: string; role: string; disabled: boolean }>(
    `SELECT id::text AS id, username, display_name, role, disabled_at IS NOT NULL AS disabled
       FROM users WHERE lower(username) = ANY($1::text[])`,
    [names],
  );
  for (const row of rows) owners.set(row.username.toLowerCase(), { id: row.id, username: row.username, displayName: row.display_name, role: row.role, disabled: row.disabled });
  return owners;
}

// The two-key advisory lock space (distinct from the one-key space of the audit and migration
// locks): this namespace, and 32 bits of the user id.
const SHIFT_PLAN_LOCK_SPACE = 0x5368_6966; // "Shif"

/**
 * Takes the shift-plan lock of each user until the transaction ends. Always in ascending key
 * order, so two transactions locking several users (an import, a shift moved between people)
 * cannot deadlock. Exported for anything else that must not race a plan change of the same person.
 */
export async function lockShiftsOf(tx: Queryable, userIds: readonly string[]): Promise<void> {
  const keys = [...new Set(userIds.map(lockKeyOf))].sort((a, b) => a - b);
  if (keys.length === 0) return;
  // unnest yields the array in order, and the function runs once per row in that order.
  await tx.query('SELECT pg_advisory_xact_lock($1::int, k) FROM unnest($2::int[]) AS k', [SHIFT_PLAN_LOCK_SPACE, keys]);
}

/** The first 32 bits of the uuid as a signed int4 (a collision only makes two people wait for each other). */
function lockKeyOf(userId: string): number {
  return parseInt(userId.replace(/-/g, '').slice(0, 8), 16) | 0;
}

/** Shifts of these users overlapping [from, to), for the overlap checks. */
export async function shiftsOfUsersWithin(tx: Queryable, userIds: readonly string[], span: ShiftTimes): Promise<{ id: string; userId: string; startsAt: Date; endsAt: Date }[]> {
  if (userIds.length === 0) return [];
  const { rows } = await tx.query<{ id: string; user_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT id::text AS id, user_id::text AS user_id, starts_at, ends_at FROM shifts
      WHERE user_id = ANY($1::uuid[]) AND starts_at < $3 AND ends_at > $2`,
    [userIds, span.startsAt, span.endsAt],
  );
  return rows.map((row) => ({ id: row.id, userId: row.user_id, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) }));
}

const SHIFT_COLUMNS = `s.id::text AS id, s.user_id::text AS user_id, u.username, u.display_name, s.starts_at, s.ends_at`;

interface ShiftRow {
  id: string;
  user_id: string;
  username: string;
  display_name: string;
  starts_at: Date;
  ends_at: Date;
}

function shiftOf(row: ShiftRow): Shift {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
  };
}

/** Every shift overlapping [from, to), by start time. */
export async function listShifts(db: Queryable, span: { from: Date; to: Date }): Promise<Shift[]> {
  const { rows } = await db.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM shifts s JOIN users u ON u.id = s.user_id
      WHERE s.starts_at < $2 AND s.ends_at > $1 ORDER BY s.starts_at, u.username, s.id`,
    [span.from, span.to],
  );
  return rows.map(shiftOf);
}

export async function findShift(db: Queryable, id: string): Promise<Shift | null> {
  const { rows } = await db.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, [id]);
  const row = rows[0];
  return row ? shiftOf(row) : null;
}

export interface ShiftWrite {
  /** Who made it (null: the admin CLI). */
  createdBy: string | null;
  now: Date;
}

/** Adds a shift (in a transaction). Refused: owner, times or an overlap with the owner's plan. */
export async function createShift(tx: Queryable, request: ShiftRequest, write: ShiftWrite): Promise<Shift> {
  const owner = await checkedOwner(tx, request);
  await lockShiftsOf(tx, [owner.id]);
  await refuseOverlap(tx, owner.id, request, null);
  const id = crypto.randomUUID();
  await insertShifts(tx, [{ id, userId: owner.id, startsAt: request.startsAt, endsAt: request.endsAt }], write);
  return { id, userId: owner.id, username: owner.username, displayName: owner.displayName, startsAt: request.startsAt.toISOString(), endsAt: request.endsAt.toISOString() };
}

/**
 * Changes a shift's owner or times (in a transaction); returns it before and after. A shift
 * someone is logged in to stays as it is: the workstation was told its times at the shift login
 * and acts on them (to keep a counsellor on longer, add a shift starting when this one ends).
 */
export async function updateShift(tx: Queryable, id: string, request: ShiftRequest): Promise<{ before: Shift; after: Shift }> {
  const current = await findShift(tx, id);
  if (!current) throw new ShiftRefusal('not-found');
  const owner = await checkedOwner(tx, request);
  await lockShiftsOf(tx, [current.userId, owner.id]);
  // Read again under the lock: another change to the same person's plan may have committed meanwhile.
  const before = await findShift(tx, id);
  if (!before) throw new ShiftRefusal('not-found');
  const unchanged = before.userId === owner.id && before.startsAt === request.startsAt.toISOString() && before.endsAt === request.endsAt.toISOString();
  if (unchanged) return { before, after: before };
  if (await hasLiveShiftLogin(tx, id)) throw new ShiftRefusal('logged-in');
  await refuseOverlap(tx, owner.id, request, id);
  await tx.query('UPDATE shifts SET user_id = $2, starts_at = $3, ends_at = $4 WHERE id = $1', [id, owner.id, request.startsAt, request.endsAt]);
  return { before, after: { ...before, userId: owner.id, username: owner.username, displayName: owner.displayName, startsAt: request.startsAt.toISOString(), endsAt: request.endsAt.toISOString() } };
}

/** Deletes a shift nobody has logged in to (in a transaction); returns what it was. */
export async function deleteShift(tx: Queryable, id: string): Promise<Shift> {
  const current = await findShift(tx, id);
  if (!current) throw new ShiftRefusal('not-found');
  await lockShiftsOf(tx, [current.userId]);
  const { rows } = await tx.query<{ live: boolean }>('SELECT ended_at IS NULL AS live FROM shift_logins WHERE shift_id = $1', [id]);
  if (rows.some((row) => row.live)) throw new ShiftRefusal('logged-in');
  // Shift logins are the record of who worked when; they reference the shift, which stays with them.
  if (rows.length > 0) throw new ShiftRefusal('worked');
  const { rowCount } = await tx.query('DELETE FROM shifts WHERE id = $1', [id]);
  if (rowCount !== 1) throw new ShiftRefusal('not-found');
  return current;
}

/** Inserts checked shifts in one statement (the CSV import writes thousands at once). */
export async function insertShifts(tx: Queryable, shifts: readonly { id: string; userId: string; startsAt: Date; endsAt: Date }[], write: ShiftWrite): Promise<void> {
  if (shifts.length === 0) return;
  await tx.query(
    `INSERT INTO shifts (id, user_id, starts_at, ends_at, created_by, created_at)
     SELECT id, user_id, starts_at, ends_at, $5, $6 FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS t (id, user_id, starts_at, ends_at)`,
    [
      shifts.map((shift) => shift.id),
      shifts.map((shift) => shift.userId),
      // As text: both drivers pass a string array through unchanged.
      shifts.map((shift) => shift.startsAt.toISOString()),
      shifts.map((shift) => shift.endsAt.toISOString()),
      write.createdBy,
      write.now,
    ],
  );
}

async function checkedOwner(tx: Queryable, request: ShiftRequest): Promise<ShiftOwner> {
  const times = shiftTimesProblem(request);
  if (times) throw new ShiftRefusal(times);
  const owner = (await shiftOwnersByName(tx, [request.username])).get(request.username.toLowerCase());
  const problem = shiftOwnerProblem(owner);
  if (problem || !owner) throw new ShiftRefusal(problem ?? 'unknown-user');
  return owner;
}

async function refuseOverlap(tx: Queryable, userId: string, times: ShiftTimes, exceptId: string | null): Promise<void> {
  const others = await shiftsOfUsersWithin(tx, [userId], times);
  if (others.some((other) => other.id !== exceptId)) throw new ShiftRefusal('overlap');
}

async function hasLiveShiftLogin(tx: Queryable, shiftId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM shift_logins WHERE shift_id = $1 AND ended_at IS NULL LIMIT 1', [shiftId]);
  return rows.length > 0;
}
