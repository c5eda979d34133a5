import type { Database, Queryable } from '../db/database';
import type { StatisticsCounts } from './statisticsReport';

type Channel = StatisticsCounts['hours'][number]['channel'];

// The period's records: from local midnight of `from` to local midnight after `to`, so the
// range condition can use the index on started_at. $1 from, $2 to, $3 time zone.
const IN_PERIOD = `started_at >= ($1::date::timestamp AT TIME ZONE $3) AND started_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`;

// Grouped by local hour first, so the date is formatted once per hour rather than per record.
// On the autumn DST day both 02:xx hours fall into local hour 2.
const HOURS_SQL = `
  SELECT channel, to_char(local_hour, 'YYYY-MM-DD') AS day, extract(hour FROM local_hour)::int AS hour, contacts
  FROM (
    SELECT channel, date_trunc('hour', started_at AT TIME ZONE $3) AS local_hour, count(*)::int AS contacts
    FROM records WHERE ${IN_PERIOD}
    GROUP BY 1, 2
  ) AS hourly`;

// One pass for every closed-choice field. The columns are NOT NULL, so a null in a result row
// means "not grouped by this column" and tells the grouping sets apart.
const CATEGORIES_SQL = `
  SELECT channel, returning_contact, age_band, gender, outcome, contact_type, referral, count(*)::int AS contacts
  FROM records WHERE ${IN_PERIOD}
  GROUP BY GROUPING SETS ((channel, returning_contact), (age_band), (gender), (outcome), (contact_type), (referral))`;

// A contact counts once per topic, even if a workstation sent a topic twice.
const TOPICS_SQL = `
  SELECT topic, count(*)::int AS contacts
  FROM records CROSS JOIN LATERAL (SELECT DISTINCT unnest(records.topics) AS topic) AS t
  WHERE ${IN_PERIOD}
  GROUP BY topic`;

const DAILY_SQL = `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, unique_contacts AS "unique", returning_contacts AS returning, frequent_contacts AS frequent
  FROM contact_daily_counts WHERE day BETWEEN $1::date AND $2::date`;

interface CategoryRow {
  channel: Channel | null;
  returning_contact: boolean | null;
  age_band: string | null;
  gender: string | null;
  outcome: string | null;
  contact_type: string | null;
  referral: string | null;
  contacts: number;
}

/**
 * Counts the period's records in the statistics time zone. All queries read one snapshot
 * (repeatable read), so records arriving meanwhile cannot make the tables disagree.
 */
export async function queryStatisticsCounts(db: Database, period: { from: string; to: string }, timeZone: string): Promise<StatisticsCounts> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return countInSnapshot(tx, [period.from, period.to, timeZone]);
  });
}

async function countInSnapshot(tx: Queryable, params: readonly [string, string, string]): Promise<StatisticsCounts> {
  const hours = await tx.query<{ channel: Channel; day: string; hour: number; contacts: number }>(HOURS_SQL, params);
  const categories = await tx.query<CategoryRow>(CATEGORIES_SQL, params);
  const topics = await tx.query<{ topic: string; contacts: number }>(TOPICS_SQL, params);
  const daily = await tx.query<{ day: string; unique: number; returning: number; frequent: number }>(DAILY_SQL, params.slice(0, 2));

  const by = (column: 'age_band' | 'gender' | 'outcome' | 'contact_type' | 'referral'): Map<string, number> =>
    new Map(categories.rows.flatMap((row) => (row[column] === null ? [] : [[row[column], row.contacts] as const])));
  return {
    hours: hours.rows,
    ageBands: by('age_band'),
    genders: by('gender'),
    outcomes: by('outcome'),
    contactTypes: by('contact_type'),
    referrals: by('referral'),
    topics: new Map(topics.rows.map((row) => [row.topic, row.contacts])),
    returning: categories.rows.flatMap((row) =>
      row.channel === null || row.returning_contact === null ? [] : [{ channel: row.channel, returning: row.returning_contact, contacts: row.contacts }],
    ),
    daily: daily.rows,
  };
}
