import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import { FREQUENT_MORE_THAN, windowStart } from './contactWindow';

export interface ContactDayCount {
  /** The local day (policy.statistics.timeZone), YYYY-MM-DD. */
  day: string;
  uniqueContacts: number;
  returningContacts: number;
  frequentContacts: number;
}

interface DayBounds {
  day: string;
  starts: Date;
  ends: Date;
}

/**
 * Counts every complete local day that is not counted yet and whose sightings are all still
 * kept (the day began inside the window), for the statistics in `contact_daily_counts`:
 *
 * * unique: the day's distinct callers;
 * * returning: those of them with an earlier contact within the window before one of their
 *   contacts that day (so two contacts on one day make a returning caller, as the workstation
 *   saw it: `contactsInWindow > 1`);
 * * frequent: those with more than five contacts in the seven days (24 h each, or the window
 *   if shorter) up to one of their contacts that day.
 *
 * The counts behind "returning" and "frequent" were taken when each contact was registered,
 * because the contacts they look back on may be gone by the time a day is complete. Which of a
 * day's contacts are one caller is read from the day's own rows: two contacts less than a
 * window apart share the hash under the key that was current at the earlier one (the later one
 * was hashed under it too), so on a day no longer than the window "shares a hash" is "same
 * caller". Approximations: on a day longer than the window (a one-day window and the 25-hour
 * autumn DST day) a caller whose contacts are more than 24 h apart counts twice; after the
 * window length is changed in the policy, callers are linked only across the last two keys for
 * one window. Days with no key at all (the feature unused then) get no row; other days get
 * one, zero included.
 */
export async function countContactDays(context: HubContext): Promise<ContactDayCount[]> {
  const now = context.now();
  const days = await uncountedDays(context.db, context.policy.statistics.timeZone, now, windowStart(context.policy, now));
  const counted: ContactDayCount[] = [];
  for (const day of days) {
    counted.push(await context.db.transaction((tx) => countDay(tx, day)));
  }
  return counted;
}

async function uncountedDays(db: Queryable, timeZone: string, now: Date, oldest: Date): Promise<DayBounds[]> {
  const { rows } = await db.query<{ day: string; starts: Date | string; ends: Date | string }>(
    `WITH first_and_last AS (
       SELECT ($1::timestamptz AT TIME ZONE $3)::date AS first_day, ($2::timestamptz AT TIME ZONE $3)::date AS last_day
     ), days AS (
       SELECT first_day + offset_days AS day FROM first_and_last, generate_series(0, last_day - first_day) AS offset_days
     ), bounds AS (
       SELECT day, (day::timestamp AT TIME ZONE $3) AS starts, ((day + 1)::timestamp AT TIME ZONE $3) AS ends FROM days
     )
     SELECT day::text AS day, starts, ends FROM bounds
      WHERE starts > $1 AND ends <= $2
        AND NOT EXISTS (SELECT 1 FROM contact_daily_counts counted WHERE counted.day = bounds.day)
        AND EXISTS (SELECT 1 FROM contact_keys k WHERE k.valid_from < bounds.ends AND k.valid_until > bounds.starts)
      ORDER BY day`,
    [oldest, now, timeZone],
  );
  return rows.map((row) => ({ day: row.day, starts: new Date(row.starts), ends: new Date(row.ends) }));
}

async function countDay(tx: Queryable, { day, starts, ends }: DayBounds): Promise<ContactDayCount> {
  const { rows } = await tx.query<{ unique_contacts: number; returning_contacts: number; frequent_contacts: number }>(
    `WITH day_rows AS (
       SELECT contact_id, key_id, hash, seen_at, contacts_in_window, contacts_in_week
         FROM contact_sightings WHERE seen_at >= $1 AND seen_at < $2
     ), firsts AS (
       -- each caller's first contact of the day: no earlier contact that day shares a hash
       SELECT DISTINCT mine.contact_id FROM day_rows mine
        WHERE NOT EXISTS (
          SELECT 1 FROM day_rows own JOIN day_rows other ON other.key_id = own.key_id AND other.hash = own.hash
           WHERE own.contact_id = mine.contact_id AND (other.seen_at, other.contact_id) < (own.seen_at, own.contact_id))
     ), callers AS (
       SELECT firsts.contact_id,
              bool_or(other.contacts_in_window > 1) AS is_returning,
              bool_or(other.contacts_in_week > $3) AS is_frequent
         FROM firsts
         JOIN day_rows own ON own.contact_id = firsts.contact_id
         JOIN day_rows other ON other.key_id = own.key_id AND other.hash = own.hash
        GROUP BY firsts.contact_id
     )
     SELECT count(*)::int AS unique_contacts,
            count(*) FILTER (WHERE is_returning)::int AS returning_contacts,
            count(*) FILTER (WHERE is_frequent)::int AS frequent_contacts
       FROM callers`,
    [starts, ends, FREQUENT_MORE_THAN],
  );
  const counts = rows[0] ?? { unique_contacts: 0, returning_contacts: 0, frequent_contacts: 0 };
  await tx.query(
    `INSERT INTO contact_daily_counts (day, unique_contacts, returning_contacts, frequent_contacts) VALUES ($1::date, $2, $3, $4)
     ON CONFLICT (day) DO UPDATE SET unique_contacts = excluded.unique_contacts,
       returning_contacts = excluded.returning_contacts, frequent_contacts = excluded.frequent_contacts`,
    [day, counts.unique_contacts, counts.returning_contacts, counts.frequent_contacts],
  );
  return { day, uniqueContacts: counts.unique_contacts, returningContacts: counts.returning_contacts, frequentContacts: counts.frequent_contacts };
}
