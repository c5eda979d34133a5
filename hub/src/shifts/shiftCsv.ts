import crypto from 'node:crypto';
import { SHIFT_IMPORT_MAX_ROWS, type ShiftImportProblem } from '../../../shared/hub/shiftsApi';
import type { Queryable } from '../db/database';
import { instantOfWallClock } from '../wallClock';
import { insertShifts, lockShiftsOf, shiftOwnerProblem, shiftOwnersByName, shiftTimesProblem, shiftsOfUsersWithin, type ShiftWrite } from './shiftPlan';

/**
 * The shift plan's CSV import (format in shared/hub/shiftsApi.ts): what a spreadsheet exports,
 * so a BOM, CRLF (or a lone CR), quoted fields and `;` as separator (a Danish Excel) all work.
 * All or nothing: every line is checked, each refused line gets one problem (the first found,
 * in the order format → person → overlap), and while any is refused nothing is written.
 */

export interface ShiftImportIssue {
  /** The line the row starts on; 1 = the header. */
  line: number;
  problem: ShiftImportProblem;
}

/** A row whose format and times are fine; the person and the overlaps are checked later. */
export interface ShiftCsvRow {
  line: number;
  username: string;
  startsAt: Date;
  endsAt: Date;
}

export type ShiftImportOutcome = { ok: true; created: number } | { ok: false; problems: ShiftImportIssue[] };

/**
 * Checks and writes a whole import, inside the caller's transaction (which adds its audit entry).
 * The people's plans are locked before the overlap check, as for a single shift.
 */
export async function importShiftCsv(tx: Queryable, csv: string, options: { timeZone: string; write: ShiftWrite }): Promise<ShiftImportOutcome> {
  const parsed = parseShiftCsv(csv, options.timeZone);
  const problems = new Map(parsed.problems.map((issue) => [issue.line, issue.problem]));
  const refuse = (line: number, problem: ShiftImportProblem): void => {
    if (!problems.has(line)) problems.set(line, problem);
  };

  const owners = await shiftOwnersByName(tx, parsed.rows.map((row) => row.username));
  for (const row of parsed.rows) {
    const problem = shiftOwnerProblem(owners.get(row.username));
    if (problem) refuse(row.line, problem);
  }
  const clean = (): ShiftCsvRow[] => parsed.rows.filter((row) => !problems.has(row.line));
  for (const line of overlapsWithinFile(clean())) refuse(line, 'overlap');

  const rows = clean().map((row) => ({ ...row, id: crypto.randomUUID(), userId: (owners.get(row.username) as { id: string }).id }));
  const userIds = [...new Set(rows.map((row) => row.userId))];
  await lockShiftsOf(tx, userIds);
  if (rows.length > 0) {
    const span = { startsAt: new Date(Math.min(...rows.map((row) => row.startsAt.getTime()))), endsAt: new Date(Math.max(...rows.map((row) => row.endsAt.getTime()))) };
    const planned = await shiftsOfUsersWithin(tx, userIds, span);
    for (const row of rows) {
      if (planned.some((shift) => shift.userId === row.userId && shift.startsAt < row.endsAt && shift.endsAt > row.startsAt)) refuse(row.line, 'overlap');
    }
  }

  if (problems.size > 0) return { ok: false, problems: [...problems].map(([line, problem]) => ({ line, problem })).sort((a, b) => a.line - b.line) };
  await insertShifts(tx, rows, options.write);
  return { ok: true, created: rows.length };
}

/** Lines overlapping an earlier-starting shift of the same person in the file. */
export function overlapsWithinFile(rows: readonly ShiftCsvRow[]): number[] {
  const byPerson = new Map<string, ShiftCsvRow[]>();
  for (const row of rows) {
    const shifts = byPerson.get(row.username);
    if (shifts) shifts.push(row);
    else byPerson.set(row.username, [row]);
  }
  const lines: number[] = [];
  for (const shifts of byPerson.values()) {
    let latestEnd = -Infinity;
    for (const shift of [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.line - b.line)) {
      if (shift.startsAt.getTime() < latestEnd) lines.push(shift.line);
      latestEnd = Math.max(latestEnd, shift.endsAt.getTime());
    }
  }
  return lines.sort((a, b) => a - b);
}

const COLUMN_NAMES: Record<string, 'username' | 'start' | 'end'> = { brugernavn: 'username', username: 'username', start: 'start', slut: 'end', end: 'end' };

/**
 * The format half of the import: the header, each row's fields and times, one person's rows not
 * longer than a day. User names come out in lower case (as the hub stores them).
 */
export function parseShiftCsv(csv: string, timeZone: string): { rows: ShiftCsvRow[]; problems: ShiftImportIssue[] } {
  const text = csv.startsWith('\ufeff') ? csv.slice(1) : csv;
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  const separator = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  const [header, ...records] = csvRecords(text, separator);

  const columns = new Map<'username' | 'start' | 'end', number>();
  let headerOk = header !== undefined && !header.unterminated;
  header?.fields.forEach((name, index) => {
    const column = COLUMN_NAMES[name.toLowerCase()];
    if (!column) return; // other columns (a display name for the reader, say) are ignored
    if (columns.has(column)) headerOk = false;
    columns.set(column, index);
  });
  const usernameAt = columns.get('username');
  const startAt = columns.get('start');
  const endAt = columns.get('end');
  if (!headerOk || usernameAt === undefined || startAt === undefined || endAt === undefined) return { rows: [], problems: [{ line: 1, problem: 'bad-header' }] };
  const width = header?.fields.length ?? 0;

  const data = records.filter((record) => record.unterminated || record.fields.some((field) => field !== ''));
  const beyond = data[SHIFT_IMPORT_MAX_ROWS];
  if (beyond) return { rows: [], problems: [{ line: beyond.line, problem: 'too-many-rows' }] };

  const rows: ShiftCsvRow[] = [];
  const problems: ShiftImportIssue[] = [];
  for (const record of data) {
    const { fields, line } = record;
    // A spreadsheet may pad a row with empty cells; anything else out of place is a broken row.
    if (record.unterminated || fields.length < width || fields.slice(width).some((field) => field !== '')) {
      problems.push({ line, problem: 'bad-line' });
      continue;
    }
    const username = (fields[usernameAt] as string).toLowerCase();
    const startsAt = parseShiftTime(fields[startAt] as string, timeZone);
    const endsAt = parseShiftTime(fields[endAt] as string, timeZone);
    if (username === '') problems.push({ line, problem: 'bad-line' });
    else if (!startsAt || !endsAt) problems.push({ line, problem: 'bad-time' });
    else {
      const problem = shiftTimesProblem({ startsAt, endsAt });
      if (problem) problems.push({ line, problem });
      else rows.push({ line, username, startsAt, endsAt });
    }
  }
  return { rows, problems };
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

interface CsvRecord {
  /** The line it starts on (a quoted field may hold line breaks). */
  line: number;
  /** Trimmed. */
  fields: string[];
  /** A quote was opened and never closed (the rest of the file ended up in this field). */
  unterminated: boolean;
}

/** RFC 4180 records, lenient where spreadsheets are: any line break, text after a closing quote. */
function csvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let atFieldStart = true;
  const endField = (): void => {
    fields.push(field.trim());
    field = '';
    atFieldStart = true;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields, unterminated: false });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const lineBreak = char === '\n' || (char === '\r' && text[i + 1] !== '\n');
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
      if (lineBreak) line++;
    } else if (char === '"' && atFieldStart && field.trim() === '') {
      quoted = true;
      field = '';
      atFieldStart = false;
    } else if (char === separator) endField();
    else if (lineBreak) {
      endRecord();
      line++;
      recordLine = line;
    } else if (char !== '\r') {
      field += char;
      if (char !== ' ' && char !== '\t') atFieldStart = false;
    }
  }
  if (quoted) {
    fields.push(field);
    records.push({ line: recordLine, fields, unterminated: true });
  } else if (fields.length > 0 || field.trim() !== '') endRecord();
  return records;
}

// YYYY-MM-DD, then T or a space, HH:MM, optional :SS(.fraction), optional zone (Z or ±HH[:MM]).
const TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A shift time: ISO 8601 with an offset, or a wall-clock time in `timeZone` (`2026-03-02 08:00`).
 * A wall-clock time that does not exist there (the hour skipped when summer time starts) is
 * refused; one that happens twice (the hour repeated when it ends) means the first of the two,
 * i.e. still summer time: 2026-10-25 02:30 in Copenhagen is 00:30 UTC, not 01:30.
 */
export function parseShiftTime(text: string, timeZone: string): Date | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = match[7] ? Math.floor(Number(match[7]) * 1000) : 0;
  const zone = match[8];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  if (new Date(wall).getUTCDate() !== day) return null; // 2026-02-30 and the like
  if (zone) {
    const offset = zoneOffsetMinutes(zone);
    return offset === null ? null : new Date(wall - offset * 60_000);
  }
  const instant = instantOfWallClock(wall, timeZone);
  return instant === null ? null : new Date(instant);
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
