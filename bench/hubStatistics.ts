// The statistics report over a year of records (issue 6, point 8): 1,000,000 records spread over
// one year, the whole report (the counting queries, then the model and small-cell suppression)
// for a one-month and a one-year period, p50/p99, on PGlite and on PostgreSQL in the same run,
// with the ratio between them.
//   npx tsx bench/hubStatistics.ts
// Sizes: STATS_RECORDS (default 1000000), STATS_MONTH_RUNS (20), STATS_YEAR_RUNS (5: a year's
// report takes seconds, so the default run keeps to five; STATS_YEAR_RUNS=20 for a steadier p99).
// Each period starts with one unrecorded run per engine to warm the caches.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ageBands, contactRecordSchema, contactTypes, genders, outcomes, referrals } from '../shared/records/recordModel';
import { defaultTopics } from '../shared/records/recordPolicy';
import type { Database, DatabaseEngine } from '../hub/src/db/database';
import { migrate } from '../hub/src/db/migrate';
import { openPgliteDatabase } from '../hub/src/db/pgliteDatabase';
import { openPostgresDatabase } from '../hub/src/db/postgresDatabase';
import { defaultHubPolicy } from '../hub/src/policy/hubPolicy';
import { queryStatisticsCounts } from '../hub/src/statistics/statisticsQueries';
import { buildStatisticsReport } from '../hub/src/statistics/statisticsReport';
import { engineName, engines, sizeFromEnv, startBenchPostgres, temporaryWorkDir } from './hubBenchKit';
import { percentile, summary } from './stats';

const RECORDS = sizeFromEnv('STATS_RECORDS', 1_000_000);
const MONTH_RUNS = sizeFromEnv('STATS_MONTH_RUNS', 20);
const YEAR_RUNS = sizeFromEnv('STATS_YEAR_RUNS', 5);
const CHUNK = 100_000;
const YEAR = 2025;
const { timeZone, minimumCellSize: k } = defaultHubPolicy.statistics;

const periods = [
  { name: '1 month', from: `${YEAR}-03-01`, to: `${YEAR}-03-31`, runs: MONTH_RUNS },
  { name: '1 year', from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, runs: YEAR_RUNS },
] as const;

const sqlText = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const sqlArray = (values: readonly string[]): string => `ARRAY[${values.map(sqlText).join(', ')}]`;

/**
 * One of `values`, drawn with the given relative weights, as SQL: width_bucket places random()
 * among the cumulative bounds. `values` and `weights` line up.
 */
function weighted(values: readonly string[], weights: readonly number[]): string {
  if (values.length !== weights.length) throw new Error('weights do not match the values');
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  let running = 0;
  const bounds = weights.slice(0, -1).map((weight) => (running += weight) / sum);
  return `(${sqlArray(values)})[width_bucket(random(), ARRAY[${bounds.map((bound) => bound.toFixed(6)).join(', ')}]::float8[]) + 1]`;
}

/** The share of contacts per local hour: quiet at night, busiest in the evening. */
const hourWeights = [2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 7, 8, 8, 9, 10, 10, 9, 7, 4];

const pick = <T extends string>(all: readonly T[], weights: Record<T, number>): string =>
  weighted(all, all.map((value) => weights[value]));

/**
 * Records `from`..`to` (sequence numbers) in one statement, valid per shared/records/recordModel.ts
 * and shaped like a helpline's year: the inner query draws every random choice once per row
 * (PostgreSQL does not flatten a subquery with volatile functions), the outer one puts them
 * together so that, for instance, a silent call has no topics and an unknown age. The content
 * hash is a SHA-256 like the real one, of the id rather than the canonical JSON (the statistics
 * never read it). The rows start within `fromDay`..`toDay` of the year and are inserted in the
 * order they started, as a hub receives them: a month's rows lie together in the table.
 */
function generateRecordsSql(from: number, to: number, fromDay: number, toDay: number): string {
  const topics = defaultTopics.map((topic) => topic.code);
  const year = `(timestamp '${YEAR}-01-01 00:00')`;
  return `
    INSERT INTO records (id, schema_version, channel, started_at, duration_minutes, shift_id, returning_contact, contact_type,
      topics, age_band, gender, outcome, referral, emergency_flagged, emergency_reference, summary, content_hash, received_at)
    SELECT id, 1, channel, started_at, duration, 'shift-' || to_char(started_at AT TIME ZONE ${sqlText(timeZone)}, 'YYYYMMDD') || '-' || (seq % 12),
      is_returning, contact_type,
      CASE WHEN contact_type <> 'counselling' THEN '{}'::text[]
           WHEN topic_count < 0.45 THEN ARRAY[t[1 + a]]
           WHEN topic_count < 0.85 THEN ARRAY[t[1 + a], t[1 + (a + b) % 17]]
           ELSE ARRAY[t[1 + a], t[1 + (a + b) % 17], t[1 + (a + b + c) % 17]] END,
      CASE WHEN contact_type = 'counselling' THEN age_band ELSE 'unknown' END,
      CASE WHEN contact_type = 'counselling' THEN gender ELSE 'unknown' END,
      CASE WHEN contact_type = 'counselling' THEN outcome ELSE 'caller-ended' END,
      CASE WHEN contact_type = 'counselling' THEN referral ELSE 'none' END,
      emergency, CASE WHEN emergency THEN 'provider-call-' || seq END,
      CASE WHEN contact_type = 'counselling' AND has_summary THEN left(repeat('Samtale om trivsel, venner og skole. ', 8), 120 + seq % 180) ELSE '' END,
      encode(sha256(convert_to(id::text, 'UTF8')), 'hex'),
      started_at + make_interval(mins => duration + (seq % 90))
    FROM (
      SELECT seq, gen_random_uuid() AS id, ${sqlArray(topics)} AS t,
        ${weighted(['phone', 'chat'], [65, 35])} AS channel,
        ((${year} + make_interval(days => floor(${fromDay.toFixed(4)} + random() * ${(toDay - fromDay).toFixed(4)})::int,
                                  hours => ${weighted(hourWeights.map((_, hour) => String(hour)), hourWeights)}::int,
                                  mins => floor(random() * 60)::int)) AT TIME ZONE ${sqlText(timeZone)}) AS started_at,
        least(240, floor(-ln(1 - random()) * 14))::int AS duration,
        random() < 0.3 AS is_returning,
        ${pick(contactTypes, { counselling: 70, silent: 10, 'hung-up': 8, prank: 5, abusive: 3, 'wrong-number': 3, test: 1 })} AS contact_type,
        random() AS topic_count,
        floor(17 * power(random(), 1.6))::int AS a, 1 + floor(random() * 8)::int AS b, 1 + floor(random() * 8)::int AS c,
        ${pick(ageBands, { 'under-10': 2, '10-12': 8, '13-15': 20, '16-18': 22, '19-24': 18, '25-39': 12, '40-59': 6, '60-plus': 2, unknown: 10 })} AS age_band,
        ${pick(genders, { female: 50, male: 30, other: 3, unknown: 12, 'not-disclosed': 5 })} AS gender,
        ${pick(outcomes, { completed: 70, 'caller-ended': 15, 'counsellor-ended': 8, transferred: 5, escalated: 2 })} AS outcome,
        ${pick(referrals, { none: 80, 'emergency-services': 1, police: 1, doctor: 4, psychiatry: 2, municipality: 4, school: 3, 'other-helpline': 4, other: 1 })} AS referral,
        random() < 0.002 AS emergency,
        random() < 0.4 AS has_summary
      FROM generate_series(${from}, ${to}) AS seq
    ) AS draw
    ORDER BY started_at`;
}

/** The provider-pseudonym counts per day that the contacts module keeps (one row a day). */
function generateDailyCountsSql(): string {
  return `
    INSERT INTO contact_daily_counts (day, unique_contacts, returning_contacts, frequent_contacts)
    SELECT day, u, floor(u * (0.25 + random() * 0.1))::int, floor(u * (0.01 + random() * 0.02))::int
    FROM (SELECT day::date, (1100 + floor(random() * 300))::int AS u
          FROM generate_series(date '${YEAR}-01-01', date '${YEAR}-12-31', interval '1 day') AS day) AS days`;
}

async function fill(db: Database): Promise<number> {
  const started = performance.now();
  for (let from = 1; from <= RECORDS; from += CHUNK) {
    // Seeded in the same script (one connection), so both engines get the same records.
    const to = Math.min(RECORDS, from + CHUNK - 1);
    const days = (Date.UTC(YEAR + 1, 0, 1) - Date.UTC(YEAR, 0, 1)) / 86_400_000;
    await db.exec(`SELECT setseed(${(from / RECORDS).toFixed(6)}); ${generateRecordsSql(from, to, ((from - 1) / RECORDS) * days, (to / RECORDS) * days)}`);
    process.stderr.write(`  ${db.engine}: ${to} records\n`);
  }
  await db.exec(`SELECT setseed(0.5); ${generateDailyCountsSql()}`);
  await db.exec('ANALYZE');
  return (performance.now() - started) / 1000;
}

/** A sample of the generated rows read back as records and held to the record schema. */
async function checkSample(db: Database): Promise<number> {
  const { rows } = await db.query<Record<string, unknown>>(`
    SELECT id::text AS id, schema_version AS "schemaVersion", channel, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startedAt",
      duration_minutes AS "durationMinutes", shift_id AS "shiftId", returning_contact AS "returningContact", contact_type AS "contactType", topics,
      age_band AS "ageBand", gender, outcome, referral, json_build_object('flagged', emergency_flagged, 'providerCallReference', emergency_reference) AS emergency, summary
    FROM records TABLESAMPLE BERNOULLI (0.2)`);
  for (const row of rows) {
    const parsed = contactRecordSchema.safeParse(row);
    if (!parsed.success) throw new Error(`a generated record is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return rows.length;
}

interface Timings {
  total: number[];
  queries: number[];
  suppression: number[];
  contacts: number;
  hiddenHours: number;
}
const noTimings = (): Timings => ({ total: [], queries: [], suppression: [], contacts: 0, hiddenHours: 0 });

/** The whole report for a period once: the queries and the suppression timed apart and together. */
async function measureOnce(db: Database, period: (typeof periods)[number], into: Timings): Promise<void> {
  const frame = { period: { from: period.from, to: period.to }, k, timeZone };
  const started = performance.now();
  const counts = await queryStatisticsCounts(db, frame.period, timeZone);
  const counted = performance.now();
  const report = buildStatisticsReport(counts, frame);
  const done = performance.now();
  into.total.push(done - started);
  into.queries.push(counted - started);
  into.suppression.push(done - counted);
  if ('suppressed' in report.totalContacts) throw new Error('the benchmark report hides its total: the data is not realistic');
  into.contacts = report.totalContacts.value;
  into.hiddenHours = report.channels.flatMap((channel) => channel.days.flatMap((day) => day.hours)).filter((cell) => 'suppressed' in cell).length;
}

const workDir = temporaryWorkDir('statistics');
const postgres = await startBenchPostgres();
const databases: { engine: DatabaseEngine; db: Database; fillSeconds: number }[] = [];
try {
  const opens: Record<DatabaseEngine, () => Promise<Database>> = {
    pglite: () => openPgliteDatabase(path.join(workDir, 'pglite')),
    postgres: async () => openPostgresDatabase(await postgres.createDatabase()),
  };
  for (const engine of engines) {
    const db = await opens[engine]();
    databases.push({ engine, db, fillSeconds: 0 });
    await migrate(db);
    (databases.at(-1) as (typeof databases)[number]).fillSeconds = await fill(db);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    if (rows[0]?.n !== RECORDS) throw new Error(`${engine}: ${rows[0]?.n} records generated, expected ${RECORDS}`);
    process.stderr.write(`  ${engine}: ${await checkSample(db)} sampled records valid per the record schema\n`);
  }

  console.log(`statistics report (queries + small-cell suppression, k=${k}, ${timeZone}) over ${RECORDS} records in ${YEAR}`);
  for (const { engine, fillSeconds } of databases) console.log(`  ${engineName[engine]}: records generated in ${fillSeconds.toFixed(1)} s (INSERT … SELECT generate_series, then ANALYZE)`);
  for (const period of periods) {
    // One unrecorded run each to warm the caches, then the engines take turns run by run, so
    // that neither enjoys a quieter machine.
    const series = databases.map(noTimings);
    for (const { db } of databases) await measureOnce(db, period, noTimings());
    for (let run = 0; run < period.runs; run++) {
      for (const [index, { db }] of databases.entries()) await measureOnce(db, period, series[index] as Timings);
    }
    databases.forEach(({ engine }, index) => {
      const timings = series[index] as Timings;
      console.log(summary(`${period.name} (${period.from}..${period.to}), ${engineName[engine]}`, timings.total) + `  (${timings.contacts} contacts, ${timings.hiddenHours} hour cells suppressed)`);
      console.log(summary('  of which the queries', timings.queries));
      console.log(summary('  of which the model and suppression', timings.suppression));
    });
    const [pglite, server] = series as [Timings, Timings];
    const ratio = (p: number): string => (percentile(pglite.total, p) / percentile(server.total, p)).toFixed(2);
    console.log(`ratio PGlite/PostgreSQL, ${period.name}: p50 ${ratio(50)}x  p99 ${ratio(99)}x`);
  }
} finally {
  for (const { db } of databases) await db.close().catch(() => undefined);
  await postgres.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
