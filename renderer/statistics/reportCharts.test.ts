import { describe, expect, test } from 'vitest';
import { statisticsReportSchema, type StatisticsCell, type StatisticsReport } from '../../shared/hub/statisticsApi';
import { ageBands, contactTypes, genders, outcomes, referrals } from '../../shared/records/recordModel';
import { defaultTopics } from '../../shared/records/recordPolicy';
import { translate } from '../i18n/catalogue';
import { topicLabel } from '../records/recordText';
import { valueText } from './chartText';
import { hasUniqueContacts, reportCharts, reportTotals, type ReportLabels } from './reportCharts';

const S = { suppressed: true } as const;
const v = (value: number): StatisticsCell => ({ value });
const days = ['2026-11-19', '2026-11-20', '2026-11-21'];

/** A valid report (checked against the hub's schema): phone busy at 10 o'clock, chat small at 3. */
function sampleReport(): StatisticsReport {
  const hours = (cells: Record<number, StatisticsCell>): StatisticsCell[] => Array.from({ length: 24 }, (_, hour) => cells[hour] ?? v(0));
  const category = <Code extends string>(codes: readonly Code[], cells: Partial<Record<Code, StatisticsCell>>) => ({
    total: v(32),
    rows: codes.map((code) => ({ code, contacts: cells[code] ?? v(0) })),
  });
  const report: StatisticsReport = {
    period: { from: days[0] as string, to: days[2] as string },
    k: 5,
    timeZone: 'Europe/Copenhagen',
    totalContacts: v(32),
    channels: [
      {
        channel: 'phone',
        total: S,
        days: [
          { day: '2026-11-19', total: v(12), hours: hours({ 10: v(12) }) },
          { day: '2026-11-20', total: v(10), hours: hours({ 10: v(5), 14: v(5) }) },
          { day: '2026-11-21', total: S, hours: hours({ 10: S, 22: S }) },
        ],
      },
      {
        channel: 'chat',
        total: S,
        days: [
          { day: '2026-11-19', total: v(0), hours: hours({}) },
          { day: '2026-11-20', total: S, hours: hours({ 3: S }) },
          { day: '2026-11-21', total: v(0), hours: hours({}) },
        ],
      },
    ],
    topics: { rows: [...defaultTopics.map((topic) => ({ code: topic.code, contacts: topic.code === 'ensomhed' ? v(20) : topic.code === 'angst' ? S : v(0) })), { code: 'retired-topic', contacts: v(6) }] },
    ageBands: category(ageBands, { '13-15': v(20), '16-18': S, unknown: S }),
    genders: category(genders, { female: v(27), other: S, male: S }),
    outcomes: category(outcomes, { completed: v(32) }),
    contactTypes: category(contactTypes, { counselling: v(32) }),
    referrals: category(referrals, { none: v(32) }),
    returningContacts: {
      rows: [
        { channel: 'phone', returning: v(10), firstTime: S, total: S },
        { channel: 'chat', returning: v(0), firstTime: S, total: S },
      ],
      total: { returning: v(10), firstTime: v(22), total: v(32) },
    },
    uniqueContacts: { days: days.map((day) => ({ day, unique: v(0), returning: v(0), newcomers: v(0), frequent: v(0) })) },
  };
  return statisticsReportSchema.parse(report);
}

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>): string => translate('da', key, params);
const labels: ReportLabels = { t, topic: (code) => topicLabel(defaultTopics, code, 'da'), day: (day) => day.slice(5) };

function chart(report: StatisticsReport, id: string) {
  const found = reportCharts(report, labels).find((entry) => entry.id === id);
  if (!found) throw new Error(`no chart ${id}`);
  return found.data;
}

describe('charts from a statistics report', () => {
  test('hours of the day sum the days per channel; a sum with a hidden day is only "at least"', () => {
    const hours = chart(sampleReport(), 'hours');
    expect(hours.series.map((series) => series.label)).toEqual(['Telefon', 'Chat']);
    expect(hours.rows).toHaveLength(24);
    const row = (hour: string) => hours.rows.find((entry) => entry.key === hour);
    // 12 + 5 + hidden: at least 18, never a number.
    expect(row('10')?.values[0]).toEqual({ kind: 'partial', shown: 17, hiddenParts: 1 });
    expect(row('14')?.values[0]).toEqual({ kind: 'value', value: 5 });
    // A single hidden day among zeros is exactly that hidden cell.
    expect(row('22')?.values[0]).toEqual({ kind: 'hidden' });
    expect(row('03')?.values[1]).toEqual({ kind: 'hidden' });
    expect(row('04')?.values).toEqual([
      { kind: 'value', value: 0 },
      { kind: 'value', value: 0 },
    ]);
  });

  test('days show the hub day totals as published', () => {
    const perDay = chart(sampleReport(), 'days');
    expect(perDay.rows.map((row) => row.key)).toEqual(days);
    expect(perDay.rows.map((row) => row.values.map((value) => valueText(value, 5, 'da', t)))).toEqual([
      ['12', '0'],
      ['10', 'skjult'],
      ['skjult', '0'],
    ]);
  });

  test('categories use the record form’s Danish labels; hidden rows read "skjult"', () => {
    const genders = chart(sampleReport(), 'genders');
    expect(genders.rows.map((row) => [row.label, valueText(row.values[0] ?? { kind: 'hidden' }, 5, 'da', t)])).toEqual([
      ['Pige/kvinde', '27'],
      ['Dreng/mand', 'skjult'],
      ['Andet', 'skjult'],
      ['Ukendt', '0'],
      ['Ville ikke oplyse det', '0'],
    ]);
    expect(chart(sampleReport(), 'ageBands').rows.find((row) => row.key === '13-15')?.label).toBe('13–15 år');
    expect(chart(sampleReport(), 'outcomes').rows[0]?.label).toBe('Samtalen blev afsluttet');
    // Where the form speaks as the counsellor or answers a question, the report describes.
    expect(chart(sampleReport(), 'outcomes').rows.find((row) => row.key === 'counsellor-ended')?.label).toBe('Rådgiveren afbrød');
    expect(chart(sampleReport(), 'ageBands').rows.find((row) => row.key === 'unknown')?.label).toBe('Ukendt');
    expect(chart(sampleReport(), 'contactTypes').rows[0]?.label).toBe('Rådgivningssamtale');
    expect(chart(sampleReport(), 'referrals').rows[0]?.label).toBe('Ingen henvisning');
  });

  test('topics are named from the taxonomy; a code it no longer knows is shown as the code', () => {
    const topics = chart(sampleReport(), 'topics');
    expect(topics.rows[0]).toMatchObject({ key: 'ensomhed', label: 'Ensomhed', values: [{ kind: 'value', value: 20 }] });
    expect(topics.rows[1]).toMatchObject({ key: 'angst', label: 'Angst', values: [{ kind: 'hidden' }] });
    expect(topics.rows.at(-1)).toMatchObject({ key: 'retired-topic', label: 'retired-topic' });
  });

  test('returning vs first time per channel and in total', () => {
    const returning = chart(sampleReport(), 'returning');
    expect(returning.series.map((series) => series.label)).toEqual(['Tilbagevendende', 'Første gang']);
    expect(returning.rows.map((row) => [row.label, ...row.values.map((value) => valueText(value, 5, 'da', t))])).toEqual([
      ['Telefon', '10', 'skjult'],
      ['Chat', '0', 'skjult'],
      ['I alt', '10', '22'],
    ]);
  });

  test('the chart of distinct callers appears only when the report has any', () => {
    const without = sampleReport();
    expect(hasUniqueContacts(without)).toBe(false);
    expect(reportCharts(without, labels).map((entry) => entry.id)).not.toContain('unique');

    const withHidden = sampleReport();
    withHidden.uniqueContacts.days[1] = { day: days[1] as string, unique: S, returning: S, newcomers: v(0), frequent: v(0) };
    expect(hasUniqueContacts(withHidden)).toBe(true);
    const unique = chart(withHidden, 'unique');
    expect(unique.series.map((series) => series.key)).toEqual(['unique', 'returning', 'newcomers', 'frequent']);
    expect(unique.rows[1]?.values[0]).toEqual({ kind: 'hidden' });
  });

  test('totals: all contacts, each channel, returning and first time; hidden ones stay hidden', () => {
    expect(reportTotals(sampleReport(), labels).map((total) => [total.key, total.label, valueText(total.value, 5, 'da', t)])).toEqual([
      ['all', 'Kontakter i alt', '32'],
      ['phone', 'Telefon', 'skjult'],
      ['chat', 'Chat', 'skjult'],
      ['returning', 'Tilbagevendende', '10'],
      ['firstTime', 'Første gang', '22'],
    ]);
  });

  test('no label of any chart shows a number for a hidden cell', () => {
    const report = sampleReport();
    for (const { data } of reportCharts(report, labels)) {
      for (const row of data.rows) {
        for (const value of row.values) {
          const text = valueText(value, report.k, 'da', t);
          if (value.kind === 'hidden') expect(text).toBe('skjult');
          if (value.kind === 'partial') expect(text).toMatch(/^≥ \d+$/);
        }
      }
    }
  });
});
