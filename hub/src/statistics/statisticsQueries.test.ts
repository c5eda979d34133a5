import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContactRecord } from '../../../shared/records/recordModel';
import { createRecordFactory, insertRecords } from '../../testing/recordFactory';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { queryStatisticsCounts } from './statisticsQueries';
import { buildStatisticsReport, type StatisticsCounts } from './statisticsReport';

const TIME_ZONE = 'Europe/Copenhagen';

// The reference: local day and hour from the platform's time-zone database (ICU), not from SQL.
const localFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
function localDayHour(iso: string): { day: string; hour: number } {
  const part = (type: string): string => localFormat.formatToParts(new Date(iso)).find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

function referenceCounts(records: readonly ContactRecord[], from: string, to: string) {
  const inPeriod = records.filter((record) => {
    const { day } = localDayHour(record.startedAt);
    return day >= from && day <= to;
  });
  const tally = (key: (record: ContactRecord) => string): Map<string, number> => {
    const map = new Map<string, number>();
    for (const record of inPeriod) map.set(key(record), (map.get(key(record)) ?? 0) + 1);
    return map;
  };
  const topics = new Map<string, number>();
  for (const record of inPeriod) for (const topic of new Set(record.topics)) topics.set(topic, (topics.get(topic) ?? 0) + 1);
  return {
    size: inPeriod.length,
    hours: tally((record) => {
      const { day, hour } = localDayHour(record.startedAt);
      return `${record.channel}|${day}|${hour}`;
    }),
    ageBands: tally((record) => record.ageBand),
    genders: tally((record) => record.gender),
    outcomes: tally((record) => record.outcome),
    contactTypes: tally((record) => record.contactType),
    referrals: tally((record) => record.referral),
    returning: tally((record) => `${record.channel}|${record.returningContact}`),
    topics,
  };
}

const hourMap = (counts: StatisticsCounts): Map<string, number> => new Map(counts.hours.map((row) => [`${row.channel}|${row.day}|${row.hour}`, row.contacts]));
const sorted = (map: ReadonlyMap<string, number>): [string, number][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe.each(hubDatabaseEngines)('statistics queries on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  }, 60_000); // a fresh PGlite takes seconds, more on a busy machine
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE records; TRUNCATE contact_daily_counts');
  });

  it('counts every field exactly as a count of the same records by local day and hour', async () => {
    const factory = createRecordFactory(42);
    // Around the spring DST change (30 March), with records just outside the period on both sides.
    const records = [
      ...factory.records(900, { from: new Date('2025-03-24T00:00:00Z'), to: new Date('2025-04-03T00:00:00Z') }),
      ...factory.records(5, { from: new Date('2025-03-25T23:00:00Z'), to: new Date('2025-03-26T00:00:00Z') }),
      factory.record({ startedAt: '2025-04-01T21:59:00Z', topics: ['angst', 'angst'] }),
    ];
    await insertRecords(db, records);
    const [from, to] = ['2025-03-26', '2025-04-01'];
    const counts = await queryStatisticsCounts(db, { from, to }, TIME_ZONE);
    const expected = referenceCounts(records, from, to);

    expect(expected.size).toBeGreaterThan(500);
    expect(expected.size).toBeLessThan(records.length);
    expect(sorted(hourMap(counts))).toEqual(sorted(expected.hours));
    expect(sorted(counts.ageBands)).toEqual(sorted(expected.ageBands));
    expect(sorted(counts.genders)).toEqual(sorted(expected.genders));
    expect(sorted(counts.outcomes)).toEqual(sorted(expected.outcomes));
    expect(sorted(counts.contactTypes)).toEqual(sorted(expected.contactTypes));
    expect(sorted(counts.referrals)).toEqual(sorted(expected.referrals));
    expect(sorted(counts.topics)).toEqual(sorted(expected.topics));
    expect(sorted(new Map(counts.returning.map((row) => [`${row.channel}|${row.returning}`, row.contacts])))).toEqual(sorted(expected.returning));
  });

  it('puts days and hours in Copenhagen time, across midnight and both DST changes', async () => {
    const factory = createRecordFactory(7);
    const at = (startedAt: string) => Array.from({ length: 5 }, () => factory.record({ startedAt, channel: 'phone' }));
    await insertRecords(db, [
      ...at('2025-01-31T22:59:00Z'), // 31 Jan 23:59 CET
      ...at('2025-01-31T23:00:00Z'), // 1 Feb 00:00 CET
      ...at('2025-03-30T00:59:00Z'), // 30 Mar 01:59 CET, the last minute before the clocks go forward
      ...at('2025-03-30T01:00:00Z'), // 30 Mar 03:00 CEST: there is no 02:00
      ...at('2025-06-30T21:59:00Z'), // 30 Jun 23:59 CEST
      ...at('2025-06-30T22:00:00Z'), // 1 Jul 00:00 CEST
      ...at('2025-10-26T00:30:00Z'), // 26 Oct 02:30 CEST
      ...at('2025-10-26T01:30:00Z'), // 26 Oct 02:30 CET: the same hour again
      ...at('2025-10-26T02:00:00Z'), // 26 Oct 03:00 CET
    ]);
    const hours = hourMap(await queryStatisticsCounts(db, { from: '2025-01-01', to: '2025-12-31' }, TIME_ZONE));
    expect(sorted(hours)).toEqual(
      sorted(
        new Map([
          ['phone|2025-01-31|23', 5],
          ['phone|2025-02-01|0', 5],
          ['phone|2025-03-30|1', 5],
          ['phone|2025-03-30|3', 5],
          ['phone|2025-06-30|23', 5],
          ['phone|2025-07-01|0', 5],
          ['phone|2025-10-26|2', 10],
          ['phone|2025-10-26|3', 5],
        ]),
      ),
    );
    // A period is whole local days: 1 February starts at 23:00 UTC the day before.
    expect(sorted(hourMap(await queryStatisticsCounts(db, { from: '2025-02-01', to: '2025-02-01' }, TIME_ZONE)))).toEqual([['phone|2025-02-01|0', 5]]);
    expect(sorted(hourMap(await queryStatisticsCounts(db, { from: '2025-07-01', to: '2025-07-01' }, TIME_ZONE)))).toEqual([['phone|2025-07-01|0', 5]]);

    const report = buildStatisticsReport(await queryStatisticsCounts(db, { from: '2025-10-26', to: '2025-10-26' }, TIME_ZONE), {
      period: { from: '2025-10-26', to: '2025-10-26' },
      k: 5,
      timeZone: TIME_ZONE,
    });
    const phone = report.channels.find((table) => table.channel === 'phone');
    expect(phone?.days[0]?.hours.slice(1, 5)).toEqual([{ value: 0 }, { value: 10 }, { value: 5 }, { value: 0 }]);
    expect(phone?.days[0]?.total).toEqual({ value: 15 });
  });

  it('reads the distinct-caller counts per day from contact_daily_counts', async () => {
    await db.query(
      `INSERT INTO contact_daily_counts (day, unique_contacts, returning_contacts, frequent_contacts)
       VALUES ('2025-05-01', 30, 10, 2), ('2025-05-02', 12, 0, 0), ('2025-05-09', 99, 99, 99)`,
    );
    const counts = await queryStatisticsCounts(db, { from: '2025-05-01', to: '2025-05-03' }, TIME_ZONE);
    expect([...counts.daily].sort((a, b) => (a.day < b.day ? -1 : 1))).toEqual([
      { day: '2025-05-01', unique: 30, returning: 10, frequent: 2 },
      { day: '2025-05-02', unique: 12, returning: 0, frequent: 0 },
    ]);
  });
});
