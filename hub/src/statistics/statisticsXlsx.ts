import ExcelJS from 'exceljs';
import type { StatisticsReport } from '../../../shared/hub/statisticsApi';
import { statisticsSheets } from './statisticsSheets';

/** The report as an Excel workbook (Office Open XML), one sheet per table, Danish headers. */
export async function statisticsXlsx(report: StatisticsReport, createdAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tavs';
  workbook.created = createdAt;
  for (const sheet of statisticsSheets(report)) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((header, index) => ({
      header,
      width: sheet.rows.reduce((widest, row) => Math.max(widest, String(row[index] ?? '').length + 2), Math.max(header.length + 2, 8)),
    }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.addRows(sheet.rows);
    // Counts and "skjult" line up on the right, as numbers do.
    sheet.columns.forEach((header, index) => {
      if (header === 'Antal' || sheet.rows.every((row) => typeof row[index] === 'number' || /^<\d+$/.test(String(row[index])))) {
        worksheet.getColumn(index + 1).alignment = { horizontal: 'right' };
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
