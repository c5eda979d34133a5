import { stringify } from 'csv-stringify/sync';
import type { StatisticsReport } from '../../../shared/hub/statisticsApi';
import { statisticsSheets } from './statisticsSheets';

/**
 * The report as one CSV for Danish Excel: `;` between fields (`,` is the decimal sign there),
 * CRLF line ends and a UTF-8 byte order mark so æ, ø and å survive the double click. One section
 * per table, as in the XLSX: the table's name on a line of its own, its column headers, its
 * rows, then an empty line.
 */
export function statisticsCsv(report: StatisticsReport): string {
  const lines = statisticsSheets(report).flatMap((sheet) => [[sheet.name], sheet.columns, ...sheet.rows, []]);
  return stringify(lines, { bom: true, delimiter: ';', record_delimiter: 'windows' });
}
