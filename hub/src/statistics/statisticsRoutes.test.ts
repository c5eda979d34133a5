import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STATISTICS_EXPORT_PATH,
  STATISTICS_PATH,
  isSuppressed,
  statisticsReportSchema,
  type StatisticsCell,
  type StatisticsReport,
} from '../../../shared/hub/statisticsApi';
import type { ContactRecord } from '../../../shared/records/recordModel';
import { createRecordFactory, insertRecords } from '../../testing/recordFactory';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { ageBandLabels, channelLabels, contactTypeLabels, genderLabels, outcomeLabels, referralLabels, topicLabel } from './danishLabels';
import { statisticsSheets, type SheetValue } from './statisticsSheets';

const K = 5;
const FROM = '2025-03-11';
const TO = '2025-03-12';

/**
 * The "one rare caller": a contact whose every feature occurs once in the period (a chat at
 * 03:17 on a day with no other chat, the only child under 10, the only police referral, …).
 * None of its counts may be visible anywhere, nor follow from what is visible.
 */
const canary: Partial<ContactRecord> = {
  channel: 'chat',
  startedAt: '2025-03-12T02:17:00Z', // 03:17 in Copenhagen
  ageBand: 'under-10',
  gender: 'other',
  outcome: 'escalated',
  contactType: 'abusive',
  referral: 'police',
  topics: ['kanariefugl'],
  returningContact: true,
};

/** Ordinary contacts on 11 March, none sharing one of the canary's rare values. */
function ordinaryRecords(): ContactRecord[] {
  const factory = createRecordFactory(2025);
  return factory.records(300, { from: new Date('2025-03-11T07:00:00Z'), to: new Date('2025-03-11T19:00:00Z') }).map((record) => ({
    ...record,
    ageBand: record.ageBand === 'under-10' ? '16-18' : record.ageBand,
    gender: record.gender === 'other' ? 'female' : record.gender,
    outcome: record.outcome === 'escalated' ? 'completed' : record.outcome,
    contactType: record.contactType === 'abusive' ? 'silent' : record.contactType,
    referral: record.referral === 'police' ? 'none' : record.referral,
  }));
}

// ---- reading the exports back ----

type Table = { columns: string[]; rows: SheetValue[][] };

/** A small reader for the CSV the hub writes: `;`, CRLF, quotes where needed, sections. */
function readCsv(text: string): Map<string, Table> {
  expect(text.startsWith('\ufeff')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  const fields = (line: string): string[] => {
    const out: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i] as string;
      if (quoted && char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = !quoted;
      else if (char === ';' && !quoted) {
        out.push(field);
        field = '';
      } else field += char;
    }
    return [...out, field];
  };
  const sections = new Map<string, Table>();
  let index = 0;
  while (index < lines.length && lines[index] !== '') {
    const name = lines[index++] as string;
    const columns = fields(lines[index++] as string);
    const rows: SheetValue[][] = [];
    while (lines[index] !== '' && index < lines.length) rows.push(fields(lines[index++] as string).map((v) => (/^\d+$/.test(v) ? Number(v) : v)));
    sections.set(name, { columns, rows });
    index++;
  }
  return sections;
}

async function readXlsx(buffer: Buffer): Promise<Map<string, Table>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheets = new Map<string, Table>();
  workbook.eachSheet((worksheet) => {
    const rows: SheetValue[][] = [];
    worksheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((value) => value as SheetValue));
    });
    sheets.set(worksheet.name, { columns: rows[0]?.map(String) ?? [], rows: rows.slice(1) });
  });
  return sheets;
}

// ---- what must hold of any published report ----

const shown = (cell: StatisticsCell): string | number => (isSuppressed(cell) ? 'skjult' : cell.value);

/** Every equation a reader could write down from the report (see suppression.ts). */
function reportEquations(report: StatisticsReport): { name: string; total: StatisticsCell; parts: StatisticsCell[] }[] {
  const category = (name: string, table: { total: StatisticsCell; rows: { contacts: StatisticsCell }[] }) => ({ name, total: table.total, parts: table.rows.map((row) => row.contacts) });
  return [
    ...report.channels.flatMap((table) => [
      ...table.days.map((day) => ({ name: `${table.channel} ${day.day}`, total: day.total, parts: day.hours })),
      { name: table.channel, total: table.total, parts: table.days.map((day) => day.total) },
    ]),
    { name: 'channels', total: report.totalContacts, parts: report.channels.map((table) => table.total) },
    category('ageBands', report.ageBands),
    category('genders', report.genders),
    category('outcomes', report.outcomes),
    category('contactTypes', report.contactTypes),
    category('referrals', report.referrals),
    ...report.returningContacts.rows.map((row) => ({ name: `returning ${row.channel}`, total: row.total, parts: [row.returning, row.firstTime] })),
    { name: 'returning', total: report.returningContacts.total.returning, parts: report.returningContacts.rows.map((row) => row.returning) },
    { name: 'first time', total: report.returningContacts.total.firstTime, parts: report.returningContacts.rows.map((row) => row.firstTime) },
    { name: 'returning total', total: report.totalContacts, parts: [report.returningContacts.total.returning, report.returningContacts.total.firstTime] },
    ...report.uniqueContacts.days.map((day) => ({ name: `unique ${day.day}`, total: day.unique, parts: [day.returning, day.newcomers] })),
  ];
}

function allCells(report: StatisticsReport): StatisticsCell[] {
  const categories = [report.ageBands, report.genders, report.outcomes, report.contactTypes, report.referrals];
  return [
    report.totalContacts,
    ...report.channels.flatMap((table) => [table.total, ...table.days.flatMap((day) => [day.total, ...day.hours])]),
    ...report.topics.rows.map((row) => row.contacts),
    ...categories.flatMap((table) => [table.total, ...table.rows.map((row) => row.contacts)]),
    ...[...report.returningContacts.rows, report.returningContacts.total].flatMap((row) => [row.returning, row.firstTime, row.total]),
    ...report.uniqueContacts.days.flatMap((day) => [day.unique, day.returning, day.newcomers, day.frequent]),
  ];
}

function expectNothingSmallOrDerivable(report: StatisticsReport): void {
  for (const cell of allCells(report)) if (!isSuppressed(cell)) expect(cell.value === 0 || cell.value >= K).toBe(true);
  for (const equation of reportEquations(report)) {
    const hidden = [equation.total, ...equation.parts].filter(isSuppressed).length;
    expect(hidden, equation.name).not.toBe(1);
    if (!isSuppressed(equation.total)) {
      // What the hidden parts add up to must not force each of them to be 1.
      const hiddenParts = equation.parts.filter(isSuppressed).length;
      const rest = equation.total.value - equation.parts.reduce((acc, cell) => acc + (isSuppressed(cell) ? 0 : cell.value), 0);
      if (hiddenParts > 0) expect(rest, equation.name).toBeGreaterThan(hiddenParts);
    }
  }
}

/** The count columns of the exported tables (dates, hours and the overview are not counts). */
function exportedCounts(tables: Map<string, Table>): SheetValue[] {
  return [...tables].flatMap(([name, table]) =>
    name === 'Oversigt' ? [] : table.rows.flatMap((row) => row.filter((_, index) => !['Kanal', 'Dato', 'Time', 'Emne', 'Aldersgruppe', 'Køn', 'Udfald', 'Kontakttype', 'Henvisning'].includes(table.columns[index] as string))),
  );
}

/** Checks an export's tables against the JSON report, cell by cell, through the Danish labels. */
function expectExportMatchesReport(tables: Map<string, Table>, report: StatisticsReport): void {
  const row = (sheet: string, ...keys: SheetValue[]): SheetValue[] => {
    const found = tables.get(sheet)?.rows.find((candidate) => keys.every((key, index) => candidate[index] === key));
    if (!found) throw new Error(`no row ${keys.join(' / ')} in ${sheet}`);
    return found;
  };
  for (const table of report.channels) {
    const channel = channelLabels[table.channel];
    expect(row('Kanaler', channel)[1]).toEqual(shown(table.total));
    for (const day of table.days) {
      expect(row('Dage', channel, day.day)[2]).toEqual(shown(day.total));
      day.hours.forEach((cell, hour) => expect(row('Timer', channel, day.day, hour)[3]).toEqual(shown(cell)));
    }
  }
  expect(row('Kanaler', 'I alt')[1]).toEqual(shown(report.totalContacts));
  for (const topic of report.topics.rows) expect(row('Emner', topicLabel(topic.code))[1]).toEqual(shown(topic.contacts));
  const categories = [
    ['Aldersgrupper', report.ageBands, ageBandLabels],
    ['Køn', report.genders, genderLabels],
    ['Udfald', report.outcomes, outcomeLabels],
    ['Kontakttyper', report.contactTypes, contactTypeLabels],
    ['Henvisninger', report.referrals, referralLabels],
  ] as const;
  for (const [sheet, table, labels] of categories) {
    for (const entry of table.rows) expect(row(sheet, (labels as Record<string, string>)[entry.code] as string)[1]).toEqual(shown(entry.contacts));
    expect(row(sheet, 'I alt')[1]).toEqual(shown(table.total));
  }
  for (const entry of report.returningContacts.rows) {
    expect(row('Gentagne kontakter', channelLabels[entry.channel]).slice(1)).toEqual([shown(entry.returning), shown(entry.firstTime), shown(entry.total)]);
  }
  const total = report.returningContacts.total;
  expect(row('Gentagne kontakter', 'I alt').slice(1)).toEqual([shown(total.returning), shown(total.firstTime), shown(total.total)]);
  for (const day of report.uniqueContacts.days) {
    expect(row('Unikke kontakter', day.day).slice(1)).toEqual([shown(day.unique), shown(day.returning), shown(day.newcomers), shown(day.frequent)]);
  }
  // And nothing else: the exports hold as many rows as the report has entries.
  expect(tables.get('Timer')?.rows).toHaveLength(report.channels.length * report.channels[0]!.days.length * 24);
  expect([...tables.keys()]).toEqual(statisticsSheets(report).map((sheet) => sheet.name));
}

describe.each(hubDatabaseEngines)('statistics routes on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let tokens: { supervisor: string; administrator: string; counsellor: string };
  let report: StatisticsReport;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const context = testHubContext(db);
    app = await buildHub(context);
    const login = async (role: 'supervisor' | 'administrator' | 'counsellor') => loginToken(app, await createTestUser(db, { role }), context.now());
    tokens = { supervisor: await login('supervisor'), administrator: await login('administrator'), counsellor: await login('counsellor') };
    await insertRecords(db, [...ordinaryRecords(), createRecordFactory(1).record(canary)]);
    // 11 March: one caller with more than 5 contacts in the week; 12 March: one caller at all.
    await db.query(`INSERT INTO contact_daily_counts (day, unique_contacts, returning_contacts, frequent_contacts) VALUES ('2025-03-11', 40, 12, 1), ('2025-03-12', 1, 0, 0)`);
    const response = await app.inject({ method: 'GET', url: `${STATISTICS_PATH}?from=${FROM}&to=${TO}`, headers: bearer(tokens.supervisor) });
    expect(response.statusCode).toBe(200);
    report = statisticsReportSchema.parse(response.json());
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('answers a supervisor and an administrator, refuses a counsellor (403) and anyone without a valid session (401)', async () => {
    for (const url of [`${STATISTICS_PATH}?from=${FROM}&to=${TO}`, `${STATISTICS_EXPORT_PATH}?from=${FROM}&to=${TO}&format=csv`]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: bearer('not-a-session-token-at-all') })).statusCode).toBe(401);
      const refused = await app.inject({ method: 'GET', url, headers: bearer(tokens.counsellor) });
      expect([refused.statusCode, refused.json<{ error: string }>().error]).toEqual([403, 'forbidden']);
      expect((await app.inject({ method: 'GET', url, headers: bearer(tokens.administrator) })).statusCode).toBe(200);
    }
  });

  it('refuses a malformed period with 400', async () => {
    const status = async (query: string) => (await app.inject({ method: 'GET', url: `${STATISTICS_PATH}?${query}`, headers: bearer(tokens.supervisor) })).statusCode;
    expect(await status('from=2025-03-12&to=2025-03-11')).toBe(400);
    expect(await status('from=2024-01-01&to=2025-01-01')).toBe(400); // 367 days
    expect(await status('from=2024-01-01&to=2024-12-31')).toBe(200); // 366 days
    expect(await status('from=2025-02-29&to=2025-03-01')).toBe(400);
    expect(await status('from=2025-03-01')).toBe(400);
    const badFormat = await app.inject({ method: 'GET', url: `${STATISTICS_EXPORT_PATH}?from=${FROM}&to=${TO}&format=pdf`, headers: bearer(tokens.supervisor) });
    expect(badFormat.statusCode).toBe(400);
  });

  it('counts the period right and suppresses what is small', () => {
    const chat = report.channels.find((table) => table.channel === 'chat');
    const phone = report.channels.find((table) => table.channel === 'phone');
    expect(report).toMatchObject({ period: { from: FROM, to: TO }, k: K, timeZone: 'Europe/Copenhagen' });
    expect(report.totalContacts).toEqual({ value: 301 });
    expect(chat?.days.map((day) => day.day)).toEqual([FROM, TO]);
    // 12 March has only the canary's chat: its day and hour are hidden, so is a complement day.
    expect(chat?.days[1]?.total).toEqual({ suppressed: true });
    expect(chat?.days[0]?.total).toEqual({ suppressed: true });
    expect(phone?.days[1]?.total).toEqual({ value: 0 });
    expect(report.uniqueContacts.days).toEqual([
      { day: FROM, unique: { value: 40 }, returning: { value: 12 }, newcomers: { value: 28 }, frequent: { suppressed: true } },
      { day: TO, unique: { suppressed: true }, returning: { value: 0 }, newcomers: { suppressed: true }, frequent: { value: 0 } },
    ]);
    expectNothingSmallOrDerivable(report);
  });

  it('never shows the one rare caller, in JSON, CSV or XLSX', async () => {
    const chat = report.channels.find((table) => table.channel === 'chat');
    const rare = [
      chat?.days[1]?.hours[3],
      report.topics.rows.find((row) => row.code === 'kanariefugl')?.contacts,
      report.ageBands.rows.find((row) => row.code === 'under-10')?.contacts,
      report.genders.rows.find((row) => row.code === 'other')?.contacts,
      report.outcomes.rows.find((row) => row.code === 'escalated')?.contacts,
      report.contactTypes.rows.find((row) => row.code === 'abusive')?.contacts,
      report.referrals.rows.find((row) => row.code === 'police')?.contacts,
    ];
    expect(rare).toEqual(rare.map(() => ({ suppressed: true })));
    // …and no total minus shown parts gives any of them back.
    expectNothingSmallOrDerivable(report);

    const get = (format: string) => app.inject({ method: 'GET', url: `${STATISTICS_EXPORT_PATH}?from=${FROM}&to=${TO}&format=${format}`, headers: bearer(tokens.supervisor) });
    const csv = readCsv((await get('csv')).body);
    const xlsx = await readXlsx((await get('xlsx')).rawPayload);
    for (const tables of [csv, xlsx]) {
      const find = (sheet: string, label: string) => tables.get(sheet)?.rows.find((row) => row[0] === label)?.[1];
      expect(tables.get('Timer')?.rows.find((row) => row[0] === 'Chat' && row[1] === TO && row[2] === 3)?.[3]).toBe('skjult');
      expect([find('Emner', 'kanariefugl'), find('Aldersgrupper', 'Under 10 år'), find('Køn', 'Andet'), find('Udfald', 'Eskaleret (akut hjælp)')]).toEqual(['skjult', 'skjult', 'skjult', 'skjult']);
      expect([find('Kontakttyper', 'Krænkende henvendelse'), find('Henvisninger', 'Politiet')]).toEqual(['skjult', 'skjult']);
      const counts = exportedCounts(tables);
      expect(counts.length).toBeGreaterThan(100);
      expect(counts.filter((value) => typeof value === 'number' && value > 0 && value < K)).toEqual([]);
      expect(counts.filter((value) => typeof value !== 'number' && value !== 'skjult')).toEqual([]);
    }
  });

  it('exports exactly the JSON report as CSV (semicolons, BOM, Danish headers)', async () => {
    const response = await app.inject({ method: 'GET', url: `${STATISTICS_EXPORT_PATH}?from=${FROM}&to=${TO}&format=csv`, headers: bearer(tokens.supervisor) });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="tavs-statistik-${FROM}-${TO}.csv"`);
    expect(response.body.split('\r\n').slice(0, 3)).toEqual(['\ufeffOversigt', 'Oplysning;Værdi', `Periode fra;${FROM}`]);
    const tables = readCsv(response.body);
    expect(tables.get('Timer')?.columns).toEqual(['Kanal', 'Dato', 'Time', 'Antal']);
    expect(tables.get('Køn')?.columns).toEqual(['Køn', 'Antal']);
    expectExportMatchesReport(tables, report);
  });

  it('exports exactly the JSON report as a real XLSX workbook, one sheet per table', async () => {
    const response = await app.inject({ method: 'GET', url: `${STATISTICS_EXPORT_PATH}?from=${FROM}&to=${TO}&format=xlsx`, headers: bearer(tokens.supervisor) });
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="tavs-statistik-${FROM}-${TO}.xlsx"`);
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK'); // a zip container, not CSV in disguise
    const sheets = await readXlsx(response.rawPayload);
    expect(sheets.get('Aldersgrupper')?.columns).toEqual(['Aldersgruppe', 'Antal']);
    expect(sheets.get('Udfald')?.rows.find((row) => row[0] === 'I alt')?.[1]).toBe(301);
    expectExportMatchesReport(sheets, report);
  });

  it('writes who looked at which period into the audit log', async () => {
    const entries = async () =>
      (await db.query<{ action: string; details: Record<string, string> }>(`SELECT action, details FROM audit_log WHERE action LIKE 'statistics.%' ORDER BY seq`)).rows;
    const before = (await entries()).length;
    await app.inject({ method: 'GET', url: `${STATISTICS_PATH}?from=2025-01-01&to=2025-01-31`, headers: bearer(tokens.supervisor) });
    await app.inject({ method: 'GET', url: `${STATISTICS_EXPORT_PATH}?from=2025-02-01&to=2025-02-28&format=xlsx`, headers: bearer(tokens.administrator) });
    await app.inject({ method: 'GET', url: `${STATISTICS_PATH}?from=2025-01-01&to=2025-01-31`, headers: bearer(tokens.counsellor) });
    expect((await entries()).slice(before)).toEqual([
      { action: 'statistics.view', details: { from: '2025-01-01', to: '2025-01-31' } },
      { action: 'statistics.export', details: { from: '2025-02-01', to: '2025-02-28', format: 'xlsx' } },
    ]);
  });
});
