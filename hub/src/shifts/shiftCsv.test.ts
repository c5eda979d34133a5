import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIFT_IMPORT_MAX_ROWS } from '../../../shared/hub/shiftsApi';
import { createTestUser } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { importShiftCsv, overlapsWithinFile, parseShiftCsv, parseShiftTime, type ShiftCsvRow } from './shiftCsv';
import { createShift, listShifts } from './shiftPlan';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;
const COPENHAGEN = 'Europe/Copenhagen';

const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;
const rowsOf = (csv: string, timeZone = COPENHAGEN) => parseShiftCsv(csv, timeZone).rows.map((row) => ({ ...row, startsAt: iso(row.startsAt), endsAt: iso(row.endsAt) }));
const problemsOf = (csv: string) => parseShiftCsv(csv, COPENHAGEN).problems;

/** `count` one-hour shifts spread over a few people, one after another. */
function manyRows(count: number, people: readonly string[]): string {
  const lines = ['brugernavn,start,slut'];
  for (let index = 0; index < count; index++) {
    const person = people[index % people.length] as string;
    const start = new Date(Date.UTC(2027, 0, 1) + Math.floor(index / people.length) * 3_600_000);
    const end = new Date(start.getTime() + 3_600_000);
    lines.push(`${person},${start.toISOString()},${end.toISOString()}`);
  }
  return lines.join('\n');
}

describe('shift times', () => {
  it('reads ISO 8601 with an offset as it says, in any of its usual spellings', () => {
    expect(iso(parseShiftTime('2026-03-02T08:00:00+01:00', COPENHAGEN))).toBe('2026-03-02T07:00:00.000Z');
    expect(iso(parseShiftTime('2026-03-02T08:00Z', COPENHAGEN))).toBe('2026-03-02T08:00:00.000Z');
    expect(iso(parseShiftTime('2026-03-02 08:00:00.250-0230', COPENHAGEN))).toBe('2026-03-02T10:30:00.250Z');
    expect(iso(parseShiftTime('2026-07-02T08:00+02', 'America/New_York'))).toBe('2026-07-02T06:00:00.000Z');
  });

  it('reads YYYY-MM-DD HH:MM in the hub time zone, winter and summer', () => {
    expect(iso(parseShiftTime('2026-03-02 08:00', COPENHAGEN))).toBe('2026-03-02T07:00:00.000Z');
    expect(iso(parseShiftTime('2026-07-02 08:00', COPENHAGEN))).toBe('2026-07-02T06:00:00.000Z');
    expect(iso(parseShiftTime('2026-07-02T08:00', COPENHAGEN))).toBe('2026-07-02T06:00:00.000Z');
    expect(iso(parseShiftTime('2026-07-02 08:00', 'America/New_York'))).toBe('2026-07-02T12:00:00.000Z');
  });

  it('refuses the half hour skipped when summer time starts (29 March 2026 in Copenhagen)', () => {
    expect(parseShiftTime('2026-03-29 02:30', COPENHAGEN)).toBeNull();
    expect(parseShiftTime('2026-03-29 02:00', COPENHAGEN)).toBeNull();
    expect(iso(parseShiftTime('2026-03-29 01:59', COPENHAGEN))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(parseShiftTime('2026-03-29 03:00', COPENHAGEN))).toBe('2026-03-29T01:00:00.000Z');
    // With an offset the instant is unambiguous, skipped wall-clock hour or not.
    expect(iso(parseShiftTime('2026-03-29T02:30+01:00', COPENHAGEN))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of the two half hours that happen twice when summer time ends (25 October 2026)', () => {
    // 02:30 summer time (UTC+2) comes first, then 02:30 winter time (UTC+1) an hour later.
    expect(iso(parseShiftTime('2026-10-25 02:30', COPENHAGEN))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(parseShiftTime('2026-10-25 01:59', COPENHAGEN))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(parseShiftTime('2026-10-25 03:00', COPENHAGEN))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(parseShiftTime('2026-10-25T02:30+01:00', COPENHAGEN))).toBe('2026-10-25T01:30:00.000Z');
  });

  it('refuses what is not a time', () => {
    for (const text of ['', '08:00', '2026-03-02', '02-03-2026 08:00', '2026-02-29 08:00', '2026-13-01 08:00', '2026-03-02 24:00', '2026-03-02 08:60', '2026-03-02 8:00', '2026-03-02T08:00+15:00', 'i morgen'])
      expect(parseShiftTime(text, COPENHAGEN), text).toBeNull();
    expect(iso(parseShiftTime('2028-02-29 08:00', COPENHAGEN))).toBe('2028-02-29T07:00:00.000Z');
  });
});

describe('the shift CSV format', () => {
  it('reads a Danish spreadsheet export: BOM, `;`, CRLF, quoted cells, empty rows and an extra column', () => {
    const csv = '\ufeffBrugernavn;Navn;Start;Slut\r\nAnna;"Hansen; Anna";2026-03-02 08:00;2026-03-02 16:00\r\n;;;\r\n"bo";"Bo ""B"" Berg";"2026-03-02 16:00";"2026-03-02 23:30"\r\n\r\n';
    expect(parseShiftCsv(csv, COPENHAGEN).problems).toEqual([]);
    expect(rowsOf(csv)).toEqual([
      { line: 2, username: 'anna', startsAt: '2026-03-02T07:00:00.000Z', endsAt: '2026-03-02T15:00:00.000Z' },
      { line: 4, username: 'bo', startsAt: '2026-03-02T15:00:00.000Z', endsAt: '2026-03-02T22:30:00.000Z' },
    ]);
  });

  it('reads the English header with `,`, LF or a lone CR, and ISO times with offsets', () => {
    const rows = [
      { line: 2, username: 'anna', startsAt: '2026-03-02T07:00:00.000Z', endsAt: '2026-03-02T15:00:00.000Z' },
      { line: 3, username: 'bo', startsAt: '2026-03-02T15:00:00.000Z', endsAt: '2026-03-02T23:00:00.000Z' },
    ];
    const lines = ['username,start,end', 'anna,2026-03-02T08:00:00+01:00,2026-03-02T16:00:00+01:00', 'bo , 2026-03-02T15:00:00Z , 2026-03-02T23:00:00Z'];
    expect(rowsOf(lines.join('\n'))).toEqual(rows);
    expect(rowsOf(lines.join('\r'))).toEqual(rows);
    // Columns in another order, names in any case.
    expect(rowsOf('SLUT,Username,Start\n2026-03-02T16:00:00+01:00,anna,2026-03-02T08:00:00+01:00')).toEqual([rows[0]]);
  });

  it('numbers lines as an editor does, counting empty ones and line breaks inside quotes', () => {
    const csv = 'brugernavn,start,slut,note\n\nanna,2026-03-02 08:00,2026-03-02 07:00,"two\nlines"\nbo,2026-03-02 08:00,nu,\n';
    expect(problemsOf(csv)).toEqual([
      { line: 3, problem: 'end-before-start' },
      { line: 5, problem: 'bad-time' },
    ]);
  });

  it('refuses a header without the three columns, or with one of them twice', () => {
    for (const csv of ['', 'anna,2026-03-02 08:00,2026-03-02 16:00', 'brugernavn,start\nanna,2026-03-02 08:00', 'brugernavn;start;slut;end\n', '"brugernavn,start,slut\n'])
      expect(parseShiftCsv(csv, COPENHAGEN), JSON.stringify(csv)).toEqual({ rows: [], problems: [{ line: 1, problem: 'bad-header' }] });
  });

  it('refuses broken lines, bad times and spans that end before they start or last more than a day', () => {
    const csv = [
      'brugernavn;start;slut',
      'anna;2026-03-02 08:00', // too few cells
      'anna;2026-03-02 08:00;2026-03-02 16:00;ekstra', // a filled cell beyond the header
      'anna;2026-03-02 08:00;2026-03-02 16:00;', // an empty one is padding: fine
      ';2026-03-03 08:00;2026-03-03 16:00', // no person
      'anna;2026-03-29 02:30;2026-03-29 08:00', // does not exist in Copenhagen
      'anna;2026-04-01 16:00;2026-04-01 08:00',
      'anna;2026-04-02 08:00;2026-04-02 08:00',
      'anna;2026-04-03 08:00;2026-04-04 08:00', // exactly 24 hours: fine
      'anna;2026-04-05 08:00;2026-04-06 08:01',
      'anna;"2026-04-07 08:00;2026-04-07 16:00', // the quote never closes
    ].join('\r\n');
    const { rows, problems } = parseShiftCsv(csv, COPENHAGEN);
    expect(problems).toEqual([
      { line: 2, problem: 'bad-line' },
      { line: 3, problem: 'bad-line' },
      { line: 5, problem: 'bad-line' },
      { line: 6, problem: 'bad-time' },
      { line: 7, problem: 'end-before-start' },
      { line: 8, problem: 'end-before-start' },
      { line: 10, problem: 'too-long' },
      { line: 11, problem: 'bad-line' },
    ]);
    expect(rows.map((row) => row.line)).toEqual([4, 9]);
  });

  it(`takes ${SHIFT_IMPORT_MAX_ROWS} rows and refuses one more, naming the first line too many`, () => {
    expect(parseShiftCsv(manyRows(SHIFT_IMPORT_MAX_ROWS, ['anna', 'bo']), COPENHAGEN)).toMatchObject({ problems: [] });
    expect(parseShiftCsv(manyRows(SHIFT_IMPORT_MAX_ROWS, ['anna', 'bo']), COPENHAGEN).rows).toHaveLength(SHIFT_IMPORT_MAX_ROWS);
    expect(parseShiftCsv(manyRows(SHIFT_IMPORT_MAX_ROWS + 1, ['anna', 'bo']), COPENHAGEN)).toEqual({ rows: [], problems: [{ line: SHIFT_IMPORT_MAX_ROWS + 2, problem: 'too-many-rows' }] });
    // Empty rows do not count.
    expect(parseShiftCsv(manyRows(SHIFT_IMPORT_MAX_ROWS, ['anna']) + '\n,,\n\n , ,\n', COPENHAGEN).problems).toEqual([]);
  });

  it('finds shifts of one person that overlap within the file, touching ones and other people aside', () => {
    const row = (line: number, username: string, from: string, to: string): ShiftCsvRow => ({ line, username, startsAt: new Date(from), endsAt: new Date(to) });
    expect(
      overlapsWithinFile([
        row(2, 'anna', '2026-03-02T08:00Z', '2026-03-02T16:00Z'),
        row(3, 'anna', '2026-03-02T16:00Z', '2026-03-02T20:00Z'),
        row(4, 'bo', '2026-03-02T08:00Z', '2026-03-02T16:00Z'),
        row(5, 'anna', '2026-03-02T06:00Z', '2026-03-02T08:30Z'),
        row(6, 'anna', '2026-03-02T10:00Z', '2026-03-02T11:00Z'),
        row(7, 'bo', '2026-03-02T08:00Z', '2026-03-02T16:00Z'),
      ]),
    ).toEqual([2, 6, 7]);
  });
});

describe.each(hubDatabaseEngines)('the shift CSV import on %s', (engine) => {
  let db: Database;
  const options = () => ({ timeZone: COPENHAGEN, write: { createdBy: null, now: new Date() } });
  const importCsv = (csv: string) => db.transaction((tx) => importShiftCsv(tx, csv, options()));
  const shiftsOn = async (day: string) => (await listShifts(db, { from: new Date(`${day}T00:00:00Z`), to: new Date(`${day}T23:59:59Z`) })).map((shift) => `${shift.username} ${shift.startsAt}`);

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await createTestUser(db, { role: 'counsellor', username: 'anna', totp: false });
    await createTestUser(db, { role: 'counsellor', username: 'bo', totp: false });
    await createTestUser(db, { role: 'supervisor', username: 'sara' });
    const disabled = await createTestUser(db, { role: 'counsellor', username: 'dorte', totp: false });
    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.id]);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await db.close();
  });

  it('imports every row of a good file', async () => {
    const outcome = await importCsv('\ufeffbrugernavn;start;slut\r\nANNA;2026-09-01 08:00;2026-09-01 16:00\r\nbo;2026-09-01 16:00;2026-09-01 23:00\r\nanna;2026-09-01 16:00;2026-09-01 20:00\r\n');
    expect(outcome).toEqual({ ok: true, created: 3 });
    expect(await shiftsOn('2026-09-01')).toEqual(['anna 2026-09-01T06:00:00.000Z', 'anna 2026-09-01T14:00:00.000Z', 'bo 2026-09-01T14:00:00.000Z']);
  });

  it('refuses the whole file for one bad line, and says what is wrong with each', async () => {
    await db.transaction((tx) => createShift(tx, { username: 'bo', startsAt: new Date('2026-09-02T06:00:00Z'), endsAt: new Date('2026-09-02T14:00:00Z') }, options().write));
    const csv = [
      'brugernavn,start,slut',
      'anna,2026-09-02 08:00,2026-09-02 16:00', // fine on its own
      'nobody,2026-09-02 08:00,2026-09-02 16:00',
      'sara,2026-09-02 08:00,2026-09-02 16:00', // a supervisor
      'dorte,2026-09-02 08:00,2026-09-02 16:00', // disabled
      'bo,2026-09-02 15:00,2026-09-02 18:00', // overlaps bo's planned shift (08:00-16:00 local)
      'anna,2026-09-02 12:00,2026-09-02 20:00', // overlaps line 2
      'nobody,2026-09-02 09:00,2026-09-02 10:00', // overlaps line 3, but the person is the problem
      'anna,2026-09-02 20:00,2026-09-02 22:00', // fine
    ].join('\n');
    expect(await importCsv(csv)).toEqual({
      ok: false,
      problems: [
        { line: 3, problem: 'unknown-user' },
        { line: 4, problem: 'not-counsellor' },
        { line: 5, problem: 'not-counsellor' },
        { line: 6, problem: 'overlap' },
        { line: 7, problem: 'overlap' },
        { line: 8, problem: 'unknown-user' },
      ],
    });
    expect(await shiftsOn('2026-09-02')).toEqual(['bo 2026-09-02T06:00:00.000Z']);

    const oneBad = 'brugernavn,start,slut\nanna,2026-09-03 08:00,2026-09-03 16:00\nanna,2026-09-03 20:00,2026-09-04 21:00\n';
    expect(await importCsv(oneBad)).toEqual({ ok: false, problems: [{ line: 3, problem: 'too-long' }] });
    expect(await shiftsOn('2026-09-03')).toEqual([]);
  });

  it('refuses a file imported a second time: every row overlaps itself', async () => {
    const csv = 'username,start,end\nbo,2026-09-10T08:00:00+02:00,2026-09-10T16:00:00+02:00\nanna,2026-09-10T08:00:00+02:00,2026-09-10T16:00:00+02:00\n';
    expect(await importCsv(csv)).toEqual({ ok: true, created: 2 });
    expect(await importCsv(csv)).toEqual({ ok: false, problems: [{ line: 2, problem: 'overlap' }, { line: 3, problem: 'overlap' }] });
  });

  it(`imports ${SHIFT_IMPORT_MAX_ROWS} rows at once`, async () => {
    expect(await importCsv(manyRows(SHIFT_IMPORT_MAX_ROWS, ['anna', 'bo']))).toEqual({ ok: true, created: SHIFT_IMPORT_MAX_ROWS });
    const { rows } = await db.query<{ n: number | string }>("SELECT count(*) AS n FROM shifts WHERE starts_at >= '2027-01-01T00:00:00Z'");
    expect(Number(rows[0]?.n)).toBe(SHIFT_IMPORT_MAX_ROWS);
  });
});
