import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { countContactDays } from './contactDailyCounts';
import { currentContactKeys } from './contactKeys';
import { contextWithClock, sightAtHub } from './testing/contactTestKit';

/**
 * A hand-checked fortnight in Europe/Copenhagen around the end of summer time (Sunday
 * 2025-10-26 has 25 hours: local midnight is 22:00Z before it and 23:00Z after it). Window 7 days.
 * The first key is fetched at 2025-10-20T08:00Z, so it expires 2025-10-27T08:00Z and the
 * contact of 2025-10-27T09:00Z is the first under a new key.
 */
const CONTACTS: readonly [string, string][] = [
  ['2025-10-21T10:00:00Z', 'A'],
  ['2025-10-22T10:00:00Z', 'A'],
  ['2025-10-23T10:00:00Z', 'A'],
  ['2025-10-24T10:00:00Z', 'A'],
  ['2025-10-25T10:00:00Z', 'A'], // fifth in a week: not yet frequent
  ['2025-10-25T21:30:00Z', 'D'], // 23:30 local, still 25 October (summer time)
  ['2025-10-25T22:30:00Z', 'A'], // 00:30 local on the 26th: the sixth in a week, frequent
  ['2025-10-26T08:00:00Z', 'C'],
  ['2025-10-26T10:00:00Z', 'E'],
  ['2025-10-26T12:00:00Z', 'C'], // C's second contact that day: returning
  ['2025-10-26T22:30:00Z', 'B'], // 23:30 local (winter time), still the 26th
  ['2025-10-26T23:30:00Z', 'B'], // 00:30 local on the 27th
  ['2025-10-27T09:00:00Z', 'E'], // after the rotation: linked through the previous key
];

// Day by day: [unique, returning, frequent].
const EXPECTED: Record<string, [number, number, number]> = {
  '2025-10-22': [1, 1, 0],
  '2025-10-23': [1, 1, 0],
  '2025-10-24': [1, 1, 0],
  '2025-10-25': [2, 1, 0], // A (returning), D
  '2025-10-26': [4, 2, 1], // A (returning, frequent), C (returning), E, B
  '2025-10-27': [2, 2, 0], // B and E, both returning; E across the rotation
};

describe.each(hubDatabaseEngines)('daily contact counts on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE contact_keys, contact_sightings, contact_daily_counts CASCADE');
  });

  async function layDown(): Promise<ReturnType<typeof contextWithClock>> {
    const hub = contextWithClock(db, new Date('2025-10-20T08:00:00Z'));
    await currentContactKeys(hub.context);
    for (const [at, caller] of CONTACTS) {
      hub.clock.set(at);
      await sightAtHub(hub.context, `pseudonym-${caller}`);
    }
    return hub;
  }

  async function storedCounts(): Promise<Record<string, [number, number, number]>> {
    const { rows } = await db.query<{ day: string; u: number; r: number; f: number }>(
      'SELECT day::text AS day, unique_contacts AS u, returning_contacts AS r, frequent_contacts AS f FROM contact_daily_counts ORDER BY day',
    );
    return Object.fromEntries(rows.map((row) => [row.day, [row.u, row.r, row.f]]));
  }

  it('counts unique, returning and frequent callers per local day, across DST and a key rotation', async () => {
    const { context, clock } = await layDown();
    const { rows: keys } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_keys');
    expect(keys[0]?.n).toBe(2);

    // 01:30 local on the 28th: the 27th is complete; the 21st began more than a window ago.
    clock.set('2025-10-28T00:30:00Z');
    const counted = await countContactDays(context);
    expect(counted.map((day) => day.day)).toEqual(Object.keys(EXPECTED));
    expect(await storedCounts()).toEqual(EXPECTED);
    expect(counted.find((day) => day.day === '2025-10-26')).toEqual({ day: '2025-10-26', uniqueContacts: 4, returningContacts: 2, frequentContacts: 1 });
  });

  it('counts each day once, only when it is complete, and not after it began outside the window', async () => {
    const { context, clock } = await layDown();
    // 23:59 local on the 26th: the 26th is not complete yet, and the 20th began (22:00Z on the
    // 19th) just over a window ago.
    clock.set('2025-10-26T22:59:00Z');
    expect((await countContactDays(context)).map((day) => day.day)).toEqual(['2025-10-21', '2025-10-22', '2025-10-23', '2025-10-24', '2025-10-25']);
    expect((await storedCounts())['2025-10-21']).toEqual([1, 0, 0]);

    clock.set('2025-10-26T23:00:00Z');
    expect((await countContactDays(context)).map((day) => day.day)).toEqual(['2025-10-26']);
    expect(await countContactDays(context)).toEqual([]);

    // A day counted is not counted again, even if rows change afterwards.
    await db.exec('DELETE FROM contact_sightings');
    clock.set('2025-10-28T00:30:00Z');
    expect((await countContactDays(context)).map((day) => day.day)).toEqual(['2025-10-27']);
    expect((await storedCounts())['2025-10-26']).toEqual([4, 2, 1]);
  });

  it('gives no row to days on which no key was valid', async () => {
    const { context, clock } = contextWithClock(db, new Date('2025-10-24T12:00:00Z'));
    clock.set('2025-10-27T12:00:00Z');
    await sightAtHub(context, 'first-ever');
    clock.set('2025-10-29T12:00:00Z');
    expect((await countContactDays(context)).map((day) => day.day)).toEqual(['2025-10-27', '2025-10-28']);
    expect(await storedCounts()).toEqual({ '2025-10-27': [1, 0, 0], '2025-10-28': [0, 0, 0] });
  });
});
