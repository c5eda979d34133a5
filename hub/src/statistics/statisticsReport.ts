import type { StatisticsCategoryTable, StatisticsCell, StatisticsReport } from '../../../shared/hub/statisticsApi';
import { ageBands, channels, contactTypes, genders, outcomes, referrals, type ContactRecord } from '../../../shared/records/recordModel';
import { defaultTopics } from '../../../shared/records/recordPolicy';
import { CountModel, suppressSmallCounts, type CellId, type Suppression } from './suppression';

type Channel = ContactRecord['channel'];

/** What the queries count (statisticsQueries.ts): raw numbers, never published as they are. */
export interface StatisticsCounts {
  /** Contacts per channel, local day and local hour; combinations without contacts may be left out. */
  hours: readonly { channel: Channel; day: string; hour: number; contacts: number }[];
  ageBands: ReadonlyMap<string, number>;
  genders: ReadonlyMap<string, number>;
  outcomes: ReadonlyMap<string, number>;
  contactTypes: ReadonlyMap<string, number>;
  referrals: ReadonlyMap<string, number>;
  /** Contacts per topic code (a contact counts once for each of its topics). */
  topics: ReadonlyMap<string, number>;
  returning: readonly { channel: Channel; returning: boolean; contacts: number }[];
  /** contact_daily_counts rows in the period; a day without a row counts as 0. */
  daily: readonly { day: string; unique: number; returning: number; frequent: number }[];
}

export interface ReportFrame {
  period: { from: string; to: string };
  k: number;
  timeZone: string;
}

/** Every calendar day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The counts as cells and equations (see suppression.ts): hour cells → day total → channel
 * total → all contacts; each closed-choice field's values → all contacts; returning / first-time
 * per channel, a small table whose margins are the channel totals and all contacts; per day,
 * distinct callers = returning + newcomers = frequent + the rest (unpublished). Topics overlap
 * (a contact may have several), so they take part in no equation.
 */
export function buildStatisticsModel(counts: StatisticsCounts, frame: ReportFrame) {
  const model = new CountModel();
  const days = daysOf(frame.period.from, frame.period.to);
  const hourCounts = new Map<string, number>();
  for (const row of counts.hours) {
    const key = `${row.channel}|${row.day}|${row.hour}`;
    hourCounts.set(key, (hourCounts.get(key) ?? 0) + row.contacts);
  }
  const grandTotal = [...hourCounts.values()].reduce((acc, n) => acc + n, 0);
  const all = model.cell(grandTotal);

  const channelCells = channels.map((channel) => {
    const dayCells = days.map((day) => {
      const hours = Array.from({ length: 24 }, (_, hour) => model.cell(hourCounts.get(`${channel}|${day}|${hour}`) ?? 0));
      const total = model.cell(hours.reduce((acc, id) => acc + model.valueOf(id), 0));
      model.equation(total, hours);
      return { day, total, hours };
    });
    const total = model.cell(dayCells.reduce((acc, day) => acc + model.valueOf(day.total), 0));
    model.equation(total, dayCells.map((day) => day.total));
    return { channel, total, days: dayCells };
  });
  model.equation(all, channelCells.map((channel) => channel.total));

  const category = <Code extends string>(codes: readonly Code[], source: ReadonlyMap<string, number>) => {
    const rows = codes.map((code) => ({ code, contacts: model.cell(source.get(code) ?? 0) }));
    model.equation(all, rows.map((row) => row.contacts));
    return rows;
  };
  const categories = {
    ageBands: category(ageBands, counts.ageBands),
    genders: category(genders, counts.genders),
    outcomes: category(outcomes, counts.outcomes),
    contactTypes: category(contactTypes, counts.contactTypes),
    referrals: category(referrals, counts.referrals),
  };

  const topicCodes = [...defaultTopics.map((topic) => topic.code), ...[...counts.topics.keys()].filter((code) => !defaultTopics.some((topic) => topic.code === code)).sort()];
  const topics = topicCodes.map((code) => ({ code, contacts: model.cell(counts.topics.get(code) ?? 0) }));

  const returningOf = (channel: Channel, returning: boolean): number =>
    counts.returning.filter((row) => row.channel === channel && row.returning === returning).reduce((acc, row) => acc + row.contacts, 0);
  const returningRows = channelCells.map(({ channel, total }) => {
    const returning = model.cell(returningOf(channel, true));
    const firstTime = model.cell(returningOf(channel, false));
    model.equation(total, [returning, firstTime]);
    return { channel, returning, firstTime, total };
  });
  const returningTotal = model.cell(returningRows.reduce((acc, row) => acc + model.valueOf(row.returning), 0));
  const firstTimeTotal = model.cell(returningRows.reduce((acc, row) => acc + model.valueOf(row.firstTime), 0));
  model.equation(returningTotal, returningRows.map((row) => row.returning));
  model.equation(firstTimeTotal, returningRows.map((row) => row.firstTime));
  model.equation(all, [returningTotal, firstTimeTotal]);

  const dailyByDay = new Map(counts.daily.map((row) => [row.day, row]));
  const uniqueDays = days.map((day) => {
    const row = dailyByDay.get(day) ?? { day, unique: 0, returning: 0, frequent: 0 };
    const unique = model.cell(row.unique);
    const returning = model.cell(row.returning);
    // Both are subsets of the day's distinct callers. A row that says otherwise gets no equation
    // (nothing can then be worked out from it) rather than a false one, and no newcomer count
    // (an unpublished cell is shown as hidden) rather than a made-up one.
    const consistent = row.returning <= row.unique;
    const newcomers = model.cell(Math.max(0, row.unique - row.returning), { published: consistent });
    const frequent = model.cell(row.frequent);
    if (consistent) model.equation(unique, [returning, newcomers]);
    if (row.frequent <= row.unique) model.equation(unique, [frequent, model.cell(row.unique - row.frequent, { published: false })]);
    return { day, unique, returning, newcomers, frequent };
  });

  return { model, all, channels: channelCells, categories, topics, returning: { rows: returningRows, total: { returning: returningTotal, firstTime: firstTimeTotal, total: all } }, uniqueDays };
}

/** The published report: the counts with every small or revealing cell hidden. */
export function buildStatisticsReport(counts: StatisticsCounts, frame: ReportFrame): StatisticsReport {
  const built = buildStatisticsModel(counts, frame);
  const suppression = suppressSmallCounts(built.model, frame.k);
  return publish(built, suppression, frame);
}

function publish(built: ReturnType<typeof buildStatisticsModel>, suppression: Suppression, frame: ReportFrame): StatisticsReport {
  const cell = (id: CellId): StatisticsCell => (suppression.hidden[id] ? { suppressed: true } : { value: built.model.valueOf(id) });
  const table = <Code extends string>(rows: readonly { code: Code; contacts: CellId }[]): StatisticsCategoryTable<Code> => ({
    total: cell(built.all),
    rows: rows.map((row) => ({ code: row.code, contacts: cell(row.contacts) })),
  });
  return {
    period: { ...frame.period },
    k: frame.k,
    timeZone: frame.timeZone,
    totalContacts: cell(built.all),
    channels: built.channels.map((channel) => ({
      channel: channel.channel,
      total: cell(channel.total),
      days: channel.days.map((day) => ({ day: day.day, total: cell(day.total), hours: day.hours.map(cell) })),
    })),
    topics: { rows: built.topics.map((row) => ({ code: row.code, contacts: cell(row.contacts) })) },
    ageBands: table(built.categories.ageBands),
    genders: table(built.categories.genders),
    outcomes: table(built.categories.outcomes),
    contactTypes: table(built.categories.contactTypes),
    referrals: table(built.categories.referrals),
    returningContacts: {
      rows: built.returning.rows.map((row) => ({ channel: row.channel, returning: cell(row.returning), firstTime: cell(row.firstTime), total: cell(row.total) })),
      total: { returning: cell(built.returning.total.returning), firstTime: cell(built.returning.total.firstTime), total: cell(built.returning.total.total) },
    },
    uniqueContacts: {
      days: built.uniqueDays.map((day) => ({ day: day.day, unique: cell(day.unique), returning: cell(day.returning), newcomers: cell(day.newcomers), frequent: cell(day.frequent) })),
    },
  };
}
