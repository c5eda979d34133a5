import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { currentContactKeys, toContactKey } from './contactKeys';
import { forgetOldContacts } from './contactRetention';
import { contextWithClock, DAY_MS, everyRowAsText, hashesFor, HOUR_MS, sightAtHub } from './testing/contactTestKit';

const T0 = new Date('2025-03-03T09:00:00Z');
const at = (days: number, hours = 0): Date => new Date(T0.getTime() + days * DAY_MS + hours * HOUR_MS);

describe.each(hubDatabaseEngines)('forgetting old contacts on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE contact_keys, contact_sightings, contact_daily_counts CASCADE');
  });

  it('leaves nothing older than the window in any table, across two key rotations', async () => {
    const { context, clock } = contextWithClock(db, T0);
    const pseudonym = 'caller-canary-0815';
    const contactAt = async (when: Date): Promise<string> => {
      clock.set(when);
      const contactId = crypto.randomUUID();
      await sightAtHub(context, pseudonym, contactId);
      return contactId;
    };
    const k1 = toContactKey((await currentContactKeys(context))[0] ?? fail());
    const old1 = await contactAt(at(1)); // under k1
    const old2 = await contactAt(at(8)); // under k2 and k1
    const k2 = toContactKey((await currentContactKeys(context))[0] ?? fail());
    const kept1 = await contactAt(at(13)); // under k2 and k1: its k1 row goes with k1
    const kept2 = await contactAt(at(15)); // under k3 and k2
    const k3 = toContactKey((await currentContactKeys(context))[0] ?? fail());
    expect(new Set([k1.keyId, k2.keyId, k3.keyId]).size).toBe(3);

    // Window start: day 8 + 1 h. k1 ended on day 7: gone with every hash made under it.
    clock.set(at(15, 1));
    const result = await forgetOldContacts(context);
    expect(result).toMatchObject({ keysDeleted: 1, sightingsDeleted: 1 + 2 + 1 });

    const everything = await everyRowAsText(db);
    const k1Hash = hashesFor([k1], pseudonym)[0]?.hash ?? fail();
    const k1SecretHex = Buffer.from(k1.key, 'base64').toString('hex');
    for (const gone of [old1, old2, k1.keyId, k1Hash, k1SecretHex, k1.key]) expect(everything).not.toContain(gone);
    for (const kept of [kept1, kept2, k2.keyId, k3.keyId, hashesFor([k2], pseudonym)[0]?.hash ?? fail()]) expect(everything).toContain(kept);

    const oldest = at(8, 1);
    const { rows: sightings } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_sightings WHERE seen_at <= $1', [oldest]);
    const { rows: keys } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_keys WHERE valid_until <= $1', [oldest]);
    expect([sightings[0]?.n, keys[0]?.n]).toEqual([0, 0]);

    // What is left still works: the caller's contacts of days 13 and 15 are found.
    expect(await sightAtHub(context, pseudonym)).toBe(3);

    // The next rotation's job takes k2 and the day-13 contact with it.
    clock.set(at(22, 2));
    await forgetOldContacts(context);
    const later = await everyRowAsText(db);
    for (const gone of [k2.keyId, kept1, kept2, Buffer.from(k2.key, 'base64').toString('hex')]) expect(later).not.toContain(gone);
  });

  it('counts the days about to leave the window before forgetting them, and is safe to repeat', async () => {
    const { context, clock } = contextWithClock(db, T0);
    await contactAtHub(at(1), 'caller-A');
    await contactAtHub(at(1, 2), 'caller-A');
    await contactAtHub(at(2), 'caller-B');
    // 23:30 local on 10 March: 4 March (which began 23:00Z on the 3rd) is the oldest day still
    // whole in the window, and about to leave it.
    clock.set('2025-03-10T22:30:00Z');
    const first = await forgetOldContacts(context);
    expect(first).toEqual({ daysCounted: 6, sightingsDeleted: 0, keysDeleted: 0 });
    const expected = [
      { day: '2025-03-04', u: 1, r: 1 },
      { day: '2025-03-05', u: 1, r: 0 },
    ];
    expect((await dailyCounts()).slice(0, 2)).toEqual(expected);

    // The next run forgets 4 March's contacts; their day stays counted as it was.
    clock.set(at(8, 3));
    expect(await forgetOldContacts(context)).toEqual({ daysCounted: 1, sightingsDeleted: 2, keysDeleted: 0 });
    expect((await dailyCounts()).slice(0, 2)).toEqual(expected);
    expect(await forgetOldContacts(context)).toEqual({ daysCounted: 0, sightingsDeleted: 0, keysDeleted: 0 });

    async function dailyCounts(): Promise<{ day: string; u: number; r: number }[]> {
      const { rows } = await db.query<{ day: string; u: number; r: number }>(
        'SELECT day::text AS day, unique_contacts AS u, returning_contacts AS r FROM contact_daily_counts ORDER BY day',
      );
      return rows;
    }
    async function contactAtHub(when: Date, pseudonym: string): Promise<void> {
      clock.set(when);
      await sightAtHub(context, pseudonym);
    }
  });
});

function fail(): never {
  throw new Error('missing test value');
}
