import type { StatisticsCell, StatisticsReport } from '../../shared/hub/statisticsApi';
import type { RecordForm } from '../../shared/records/recordModel';
import type { MessageKey } from '../i18n/catalogue';
import { ageBandKey, contactTypeKey, genderKey, outcomeKey, referralKey } from '../records/recordText';
import { chartValueOf, sumOfCells, type ChartData, type ChartValue } from './chartModel';

type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/** How codes and days read in the UI; the view passes the catalogue and the locale's formats. */
export interface ReportLabels {
  t: Translate;
  topic: (code: string) => string;
  /** A local day `YYYY-MM-DD`, short (the axis). */
  day: (day: string) => string;
}

export const chartIds = ['hours', 'days', 'topics', 'ageBands', 'genders', 'outcomes', 'contactTypes', 'referrals', 'returning', 'unique'] as const;
export type ChartId = (typeof chartIds)[number];

// A report names codes as the record form does, except where the form speaks as the counsellor
// ("Jeg afbrød samtalen") or answers a question ("Ved ikke"): there it describes the contacts,
// in the words of the hub's export.
const channelKey = (channel: StatisticsReport['channels'][number]['channel']): MessageKey => `statistics.channel.${channel}`;
const reportOutcomeKey = (code: NonNullable<RecordForm['outcome']>): MessageKey => (code === 'counsellor-ended' ? 'statistics.outcome.counsellor-ended' : outcomeKey(code));
const reportAgeBandKey = (code: NonNullable<RecordForm['ageBand']>): MessageKey => (code === 'unknown' ? 'statistics.unknown' : ageBandKey(code));
const reportGenderKey = (code: NonNullable<RecordForm['gender']>): MessageKey => (code === 'unknown' ? 'statistics.unknown' : genderKey(code));

/** Two-digit hour of the day, "00"–"23". */
export const hourLabel = (hour: number): string => String(hour).padStart(2, '0');

function channelSeries(report: StatisticsReport, t: Translate): ChartData['series'] {
  return report.channels.map((table) => ({ key: table.channel, label: t(channelKey(table.channel)) }));
}

/** Contacts per hour of the day, per channel, summed over the period's days. */
export function hoursChart(report: StatisticsReport, { t }: ReportLabels): ChartData {
  return {
    series: channelSeries(report, t),
    rows: Array.from({ length: 24 }, (_, hour) => ({
      key: hourLabel(hour),
      label: hourLabel(hour),
      values: report.channels.map((table) => sumOfCells(table.days.map((day) => day.hours[hour] ?? { value: 0 }))),
    })),
  };
}

/** Contacts per day, per channel (the hub's day totals, as published). */
export function daysChart(report: StatisticsReport, { t, day }: ReportLabels): ChartData {
  const days = report.channels[0]?.days.map((entry) => entry.day) ?? [];
  const byChannel = report.channels.map((table) => new Map(table.days.map((entry) => [entry.day, entry.total])));
  return {
    series: channelSeries(report, t),
    rows: days.map((date) => ({
      key: date,
      label: day(date),
      values: byChannel.map((totals): ChartValue => {
        const cell = totals.get(date);
        return cell ? chartValueOf(cell) : { kind: 'value', value: 0 };
      }),
    })),
  };
}

function categoryChart<Code extends string>(table: { rows: readonly { code: Code; contacts: StatisticsCell }[] }, label: (code: Code) => string, t: Translate): ChartData {
  return {
    series: [{ key: 'contacts', label: t('statistics.series.contacts') }],
    rows: table.rows.map((row) => ({ key: row.code, label: label(row.code), values: [chartValueOf(row.contacts)] })),
  };
}

/** Returning and first-time contacts per channel, and both channels together. */
export function returningChart(report: StatisticsReport, { t }: ReportLabels): ChartData {
  const { rows, total } = report.returningContacts;
  return {
    series: [
      { key: 'returning', label: t('statistics.series.returning') },
      { key: 'firstTime', label: t('statistics.series.firstTime') },
    ],
    rows: [
      ...rows.map((row) => ({ key: row.channel, label: t(channelKey(row.channel)), values: [chartValueOf(row.returning), chartValueOf(row.firstTime)] })),
      { key: 'total', label: t('statistics.row.total'), values: [chartValueOf(total.returning), chartValueOf(total.firstTime)] },
    ],
  };
}

/** Distinct callers per day (from the provider's pseudonyms). */
export function uniqueChart(report: StatisticsReport, { t, day }: ReportLabels): ChartData {
  return {
    series: [
      { key: 'unique', label: t('statistics.series.unique') },
      { key: 'returning', label: t('statistics.series.uniqueReturning') },
      { key: 'newcomers', label: t('statistics.series.newcomers') },
      { key: 'frequent', label: t('statistics.series.frequent') },
    ],
    rows: report.uniqueContacts.days.map((entry) => ({
      key: entry.day,
      label: day(entry.day),
      values: [entry.unique, entry.returning, entry.newcomers, entry.frequent].map(chartValueOf),
    })),
  };
}

/**
 * Whether the report counts distinct callers at all: only contacts whose provider sends a
 * pseudonym are counted, and a service without one has nothing but zeros here.
 */
export function hasUniqueContacts(report: StatisticsReport): boolean {
  return report.uniqueContacts.days.some((entry) => [entry.unique, entry.returning, entry.newcomers, entry.frequent].some((cell) => !('value' in cell) || cell.value > 0));
}

/** Every chart of the view, in the order shown. */
export function reportCharts(report: StatisticsReport, labels: ReportLabels): { id: ChartId; data: ChartData }[] {
  const { t } = labels;
  const charts: { id: ChartId; data: ChartData }[] = [
    { id: 'hours', data: hoursChart(report, labels) },
    { id: 'days', data: daysChart(report, labels) },
    { id: 'topics', data: categoryChart(report.topics, labels.topic, t) },
    { id: 'ageBands', data: categoryChart(report.ageBands, (code) => t(reportAgeBandKey(code)), t) },
    { id: 'genders', data: categoryChart(report.genders, (code) => t(reportGenderKey(code)), t) },
    { id: 'outcomes', data: categoryChart(report.outcomes, (code) => t(reportOutcomeKey(code)), t) },
    { id: 'contactTypes', data: categoryChart(report.contactTypes, (code) => t(contactTypeKey(code)), t) },
    { id: 'referrals', data: categoryChart(report.referrals, (code) => t(referralKey(code)), t) },
    { id: 'returning', data: returningChart(report, labels) },
  ];
  if (hasUniqueContacts(report)) charts.push({ id: 'unique', data: uniqueChart(report, labels) });
  return charts;
}

/** The headline numbers: all contacts, each channel, returning and first-time. */
export function reportTotals(report: StatisticsReport, { t }: ReportLabels): { key: string; label: string; value: ChartValue }[] {
  return [
    { key: 'all', label: t('statistics.total.contacts'), value: chartValueOf(report.totalContacts) },
    ...report.channels.map((table) => ({ key: table.channel, label: t(channelKey(table.channel)), value: chartValueOf(table.total) })),
    { key: 'returning', label: t('statistics.series.returning'), value: chartValueOf(report.returningContacts.total.returning) },
    { key: 'firstTime', label: t('statistics.series.firstTime'), value: chartValueOf(report.returningContacts.total.firstTime) },
  ];
}
