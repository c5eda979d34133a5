import { isSuppressed, type StatisticsCategoryTable, type StatisticsCell, type StatisticsReport } from '../../../shared/hub/statisticsApi';
import { ageBandLabels, channelLabels, contactTypeLabels, genderLabels, outcomeLabels, referralLabels, topicLabel } from './danishLabels';


/** What an export shows for a hidden cell. */
export const HIDDEN_CELL_TEXT = 'skjult';
/**
 * The report as Danish tables, one per XLSX sheet (and one section each in the CSV). They carry
 * exactly the published report: a hidden cell is the text `skjult`, never a number (not `<5`
 * either: a cell hidden so that a small one cannot be worked out may itself be large).
 */
export type SheetValue = string | number;

export interface StatisticsSheet {
  /** The sheet's name (at most 31 characters, Excel's limit). */
  name: string;
  columns: string[];
  rows: SheetValue[][];
}

export const TOTAL_LABEL = 'I alt';

/** A published cell as exported: its number, or `skjult` when hidden. */
export function exportedValue(cell: StatisticsCell): SheetValue {
  return isSuppressed(cell) ? HIDDEN_CELL_TEXT : cell.value;
}

export function statisticsSheets(report: StatisticsReport): StatisticsSheet[] {
  const value = (cell: StatisticsCell): SheetValue => exportedValue(cell);
  const category = <Code extends string>(name: string, column: string, table: StatisticsCategoryTable<Code>, label: (code: Code) => string): StatisticsSheet => ({
    name,
    columns: [column, 'Antal'],
    rows: [...table.rows.map((row) => [label(row.code), value(row.contacts)]), [TOTAL_LABEL, value(table.total)]],
  });
  const returning = report.returningContacts;

  return [
    {
      name: 'Oversigt',
      columns: ['Oplysning', 'Værdi'],
      rows: [
        ['Periode fra', report.period.from],
        ['Periode til', report.period.to],
        ['Tidszone', report.timeZone],
        ['Kontakter i alt', value(report.totalContacts)],
        ['Mindste viste antal', report.k],
        [HIDDEN_CELL_TEXT, `Under ${report.k}, eller skjult, så et lille tal ikke kan regnes ud fra de andre tal.`],
        ['Emner', 'En kontakt kan have flere emner eller ingen, så emnerne summer ikke til antallet af kontakter.'],
        ['Unikke kontakter', 'Forskellige personer pr. dag ud fra udbyderens pseudonym; kun kontakter med pseudonym tælles.'],
      ],
    },
    {
      name: 'Kanaler',
      columns: ['Kanal', 'Antal'],
      rows: [...report.channels.map((table) => [channelLabels[table.channel], value(table.total)]), [TOTAL_LABEL, value(report.totalContacts)]],
    },
    {
      name: 'Dage',
      columns: ['Kanal', 'Dato', 'Antal'],
      rows: report.channels.flatMap((table) => table.days.map((day) => [channelLabels[table.channel], day.day, value(day.total)])),
    },
    {
      name: 'Timer',
      columns: ['Kanal', 'Dato', 'Time', 'Antal'],
      rows: report.channels.flatMap((table) => table.days.flatMap((day) => day.hours.map((cell, hour) => [channelLabels[table.channel], day.day, hour, value(cell)]))),
    },
    { name: 'Emner', columns: ['Emne', 'Antal'], rows: report.topics.rows.map((row) => [topicLabel(row.code), value(row.contacts)]) },
    category('Aldersgrupper', 'Aldersgruppe', report.ageBands, (code) => ageBandLabels[code]),
    category('Køn', 'Køn', report.genders, (code) => genderLabels[code]),
    category('Udfald', 'Udfald', report.outcomes, (code) => outcomeLabels[code]),
    category('Kontakttyper', 'Kontakttype', report.contactTypes, (code) => contactTypeLabels[code]),
    category('Henvisninger', 'Henvisning', report.referrals, (code) => referralLabels[code]),
    {
      name: 'Gentagne kontakter',
      columns: ['Kanal', 'Gentagne', 'Første gang', TOTAL_LABEL],
      rows: [
        ...returning.rows.map((row) => [channelLabels[row.channel], value(row.returning), value(row.firstTime), value(row.total)]),
        [TOTAL_LABEL, value(returning.total.returning), value(returning.total.firstTime), value(returning.total.total)],
      ],
    },
    {
      name: 'Unikke kontakter',
      columns: ['Dato', 'Unikke', 'Gentagne', 'Nye', 'Mere end 5 den sidste uge'],
      rows: report.uniqueContacts.days.map((day) => [day.day, value(day.unique), value(day.returning), value(day.newcomers), value(day.frequent)]),
    },
  ];
}
