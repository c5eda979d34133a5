import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestUser } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database, Queryable } from '../db/database';
import { ShiftRefusal, createShift, deleteShift, findShift, listShifts, updateShift, type ShiftRequest } from './shiftPlan';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;

const at = (iso: string): Date => new Date(iso);
const hours = (n: number): number => n * 3_600_000;

/** A shift login on `shiftId` (with the session it belongs to), live unless `ended`. */
async function insertShiftLogin(db: Queryable, user: TestUser, shiftId: string, ended = false): Promise<string> {
  const sessionId = crypto.randomUUID();
  await db.query(`INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, now(), now() + interval '1 hour')`, [
    sessionId,
    user.id,
    crypto.randomBytes(32).toString('hex'),
  ]);
  const id = crypto.randomUUID();
  await db.query(
    `INSERT INTO shift_logins (id, shift_id, user_id, session_id, sip_username, started_at, ended_at, end_reason)
     VALUES ($1, $2, $3, $4, $5, now(), CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN 'logout' END)`,
    [id, shiftId, user.id, sessionId, `s${crypto.randomBytes(8).toString('hex')}`, ended],
  );
  return id;
}

async function refusalOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ShiftRefusal) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe.each(hubDatabaseEngines)('the shift plan store on %s', (engine) => {
  let db: Database;
  let anna: TestUser;
  let bo: TestUser;
  const write = { createdBy: null, now: new Date() };
  const create = (request: ShiftRequest) => db.transaction((tx) => createShift(tx, request, write));

  beforeAll(async () => {
    db = await freshDatabase(engine);
    anna = await createTestUser(db, { role: 'counsellor', username: 'anna', totp: false });
    bo = await createTestUser(db, { role: 'counsellor', username: 'bo', totp: false });
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await db.close();
  });

  it('adds a shift for a counsellor named in any letter case and lists it in the spans it overlaps', async () => {
    const shift = await create({ username: 'ANNA', startsAt: at('2026-04-01T06:00:00Z'), endsAt: at('2026-04-01T14:00:00Z') });
    expect(shift).toMatchObject({ userId: anna.id, username: 'anna', displayName: 'Test counsellor', startsAt: '2026-04-01T06:00:00.000Z', endsAt: '2026-04-01T14:00:00.000Z' });
    expect(await findShift(db, shift.id)).toEqual(shift);

    const ids = async (from: string, to: string) => (await listShifts(db, { from: at(from), to: at(to) })).map((listed) => listed.id);
    expect(await ids('2026-04-01T00:00:00Z', '2026-04-02T00:00:00Z')).toContain(shift.id);
    expect(await ids('2026-04-01T13:59:00Z', '2026-04-01T20:00:00Z')).toContain(shift.id);
    expect(await ids('2026-04-01T14:00:00Z', '2026-04-01T20:00:00Z')).not.toContain(shift.id);
    expect(await ids('2026-03-31T00:00:00Z', '2026-04-01T06:00:00Z')).not.toContain(shift.id);
  });

  it('refuses a shift that ends before it starts, lasts more than 24 hours, or belongs to no enabled counsellor', async () => {
    const supervisor = await createTestUser(db, { role: 'supervisor', username: 'sara' });
    const disabled = await createTestUser(db, { role: 'counsellor', username: 'dorte', totp: false });
    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.id]);
    const day = { startsAt: at('2026-04-02T06:00:00Z'), endsAt: at('2026-04-02T14:00:00Z') };

    expect(await refusalOf(create({ username: 'anna', startsAt: day.endsAt, endsAt: day.startsAt }))).toBe('end-before-start');
    expect(await refusalOf(create({ username: 'anna', startsAt: day.startsAt, endsAt: day.startsAt }))).toBe('end-before-start');
    expect(await refusalOf(create({ username: 'anna', startsAt: day.startsAt, endsAt: new Date(day.startsAt.getTime() + hours(24) + 60_000) }))).toBe('too-long');
    expect(await refusalOf(create({ username: 'nobody', ...day }))).toBe('unknown-user');
    expect(await refusalOf(create({ username: supervisor.username, ...day }))).toBe('not-counsellor');
    expect(await refusalOf(create({ username: disabled.username, ...day }))).toBe('not-counsellor');
    expect(await listShifts(db, { from: day.startsAt, to: day.endsAt })).toEqual([]);

    // Exactly a day is allowed.
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-03T06:00:00Z'), endsAt: at('2026-04-04T06:00:00Z') }))).toBe('accepted');
  });

  it('refuses an overlap with the same person but not a shift that touches it, nor one of another person', async () => {
    await create({ username: 'anna', startsAt: at('2026-04-10T08:00:00Z'), endsAt: at('2026-04-10T12:00:00Z') });
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-10T11:59:00Z'), endsAt: at('2026-04-10T16:00:00Z') }))).toBe('overlap');
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-10T09:00:00Z'), endsAt: at('2026-04-10T10:00:00Z') }))).toBe('overlap');
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-10T04:00:00Z'), endsAt: at('2026-04-10T20:00:00Z') }))).toBe('overlap');
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-10T12:00:00Z'), endsAt: at('2026-04-10T16:00:00Z') }))).toBe('accepted');
    expect(await refusalOf(create({ username: 'anna', startsAt: at('2026-04-10T04:00:00Z'), endsAt: at('2026-04-10T08:00:00Z') }))).toBe('accepted');
    expect(await refusalOf(create({ username: 'bo', startsAt: at('2026-04-10T08:00:00Z'), endsAt: at('2026-04-10T12:00:00Z') }))).toBe('accepted');
  });

  it('lets only one of two overlapping shifts saved at the same moment in', async () => {
    const attempts = Array.from({ length: 6 }, (_, index) =>
      refusalOf(create({ username: 'bo', startsAt: new Date(at('2026-04-20T08:00:00Z').getTime() + index * 60_000), endsAt: at('2026-04-20T16:00:00Z') })),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'overlap')).toHaveLength(5);
    expect(await listShifts(db, { from: at('2026-04-20T00:00:00Z'), to: at('2026-04-21T00:00:00Z') })).toHaveLength(1);
  });

  it('makes a second administrator wait until the first has committed, then sees the overlap', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written: () => void = () => undefined;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    // The first writes its shift and keeps its transaction open.
    const first = db.transaction(async (tx) => {
      await createShift(tx, { username: 'anna', startsAt: at('2026-04-21T08:00:00Z'), endsAt: at('2026-04-21T16:00:00Z') }, write);
      written();
      await held;
    });
    await isWritten;
    // Without the lock the second would see nothing committed yet and write its overlapping shift.
    const second = refusalOf(create({ username: 'anna', startsAt: at('2026-04-21T12:00:00Z'), endsAt: at('2026-04-21T20:00:00Z') }));
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    release();
    await first;
    expect(await second).toBe('overlap');
  });

  it('moves a shift in time or to another person, still without overlaps', async () => {
    const shift = await create({ username: 'anna', startsAt: at('2026-05-01T06:00:00Z'), endsAt: at('2026-05-01T14:00:00Z') });
    await create({ username: 'bo', startsAt: at('2026-05-01T10:00:00Z'), endsAt: at('2026-05-01T18:00:00Z') });
    const update = (request: ShiftRequest) => db.transaction((tx) => updateShift(tx, shift.id, request));

    // Its own old span is no overlap.
    const { before, after } = await update({ username: 'anna', startsAt: at('2026-05-01T07:00:00Z'), endsAt: at('2026-05-01T15:00:00Z') });
    expect(before.startsAt).toBe('2026-05-01T06:00:00.000Z');
    expect(after).toMatchObject({ id: shift.id, username: 'anna', startsAt: '2026-05-01T07:00:00.000Z', endsAt: '2026-05-01T15:00:00.000Z' });
    expect(await findShift(db, shift.id)).toEqual(after);

    expect(await refusalOf(update({ username: 'bo', startsAt: at('2026-05-01T07:00:00Z'), endsAt: at('2026-05-01T15:00:00Z') }))).toBe('overlap');
    const moved = await update({ username: 'bo', startsAt: at('2026-05-01T18:00:00Z'), endsAt: at('2026-05-01T22:00:00Z') });
    expect(moved.after).toMatchObject({ userId: bo.id, username: 'bo' });
    expect(await refusalOf(update({ username: 'anna', startsAt: at('2026-05-01T18:00:00Z'), endsAt: at('2026-05-01T17:00:00Z') }))).toBe('end-before-start');
    expect(await refusalOf(db.transaction((tx) => updateShift(tx, crypto.randomUUID(), { username: 'anna', ...{ startsAt: at('2026-05-02T06:00:00Z'), endsAt: at('2026-05-02T08:00:00Z') } })))).toBe('not-found');
  });

  it('neither moves nor deletes a shift someone is logged in to, and keeps a worked one', async () => {
    const live = await create({ username: 'anna', startsAt: at('2026-06-01T06:00:00Z'), endsAt: at('2026-06-01T14:00:00Z') });
    await insertShiftLogin(db, anna, live.id);
    const same = { username: 'anna', startsAt: at(live.startsAt), endsAt: at(live.endsAt) };
    expect(await refusalOf(db.transaction((tx) => updateShift(tx, live.id, { ...same, endsAt: at('2026-06-01T15:00:00Z') })))).toBe('logged-in');
    expect(await refusalOf(db.transaction((tx) => updateShift(tx, live.id, { ...same, username: 'bo' })))).toBe('logged-in');
    // Saving it unchanged (an editor's "save" with nothing changed) is no move.
    expect(await refusalOf(db.transaction((tx) => updateShift(tx, live.id, same)))).toBe('accepted');
    expect(await refusalOf(db.transaction((tx) => deleteShift(tx, live.id)))).toBe('logged-in');

    const worked = await create({ username: 'anna', startsAt: at('2026-06-02T06:00:00Z'), endsAt: at('2026-06-02T14:00:00Z') });
    await insertShiftLogin(db, anna, worked.id, true);
    expect(await refusalOf(db.transaction((tx) => deleteShift(tx, worked.id)))).toBe('worked');
    expect(await findShift(db, worked.id)).not.toBeNull();

    const planned = await create({ username: 'anna', startsAt: at('2026-06-03T06:00:00Z'), endsAt: at('2026-06-03T14:00:00Z') });
    expect(await db.transaction((tx) => deleteShift(tx, planned.id))).toEqual(planned);
    expect(await findShift(db, planned.id)).toBeNull();
    expect(await refusalOf(db.transaction((tx) => deleteShift(tx, planned.id)))).toBe('not-found');
  });
});
