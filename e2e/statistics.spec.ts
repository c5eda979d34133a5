import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ageBandLabels, contactTypeLabels, genderLabels, outcomeLabels, referralLabels, topicLabel } from '../hub/src/statistics/danishLabels';
import { createRecordFactory } from '../hub/testing/recordFactory';
import { STATISTICS_PATH, isSuppressed, statisticsReportSchema, type StatisticsCell, type StatisticsReport } from '../shared/hub/statisticsApi';
import { SYNC_BATCH_PATH, syncBatchResponseSchema } from '../shared/hub/syncApi';
import type { ContactRecord } from '../shared/records/recordModel';
import { presetPeriod } from '../renderer/statistics/period';
import { startDemoHub, type DemoHub, type HubAccount } from './stack/demoHub';
import { startWorkstation } from './stack/workstation';

// The supervisor's statistics on real parts: the real hub process (records posted over its
// sync endpoint by a counsellor, small counts hidden by the hub), the real workstation process
// (the hub session and its token in the main process), the real renderer in Chromium. The
// supervisor logs in with a one-time code, opens Statistik, reads the seeded numbers, finds the
// rare combination only as "skjult", and exports CSV and Excel; the files, read back, say what the
// screen said.

test.describe.configure({ mode: 'serial', timeout: 120_000 });
// A Danish workstation: the picker's "last 7 days" are days in the hub's time zone.
test.use({ timezoneId: 'Europe/Copenhagen', locale: 'da-DK' });

const TIME_ZONE = 'Europe/Copenhagen';
const copenhagenDay = (date: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(date);
const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The UTC instant of a wall-clock time in Copenhagen (minute precision, as records keep it). */
function copenhagenTime(day: string, hour: number, minute: number): string {
  const guess = Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(guess))
      .map((part) => [part.type, part.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return new Date(guess - (shown - guess)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const today = copenhagenDay(new Date());
const busyDay = addDays(today, -2);
const earlierDay = addDays(today, -3);
const outsideDay = addDays(today, -10);
const week = { from: addDays(today, -6), to: today };

/**
 * The seeded contacts. The rare combination: 3 chats at 3 o'clock at night, gender "other",
 * aged 19–24, about self-harm, escalated and referred to psychiatry. Every one of its cells is
 * below k = 5: the hub hides each (and whatever would give it away), the screen says "skjult".
 */
const RARE = 3;
function seededRecords(): ContactRecord[] {
  const factory = createRecordFactory(6);
  const common = { contactType: 'counselling', emergency: { flagged: false, providerCallReference: null }, summary: '' } as const;
  const many = (count: number, day: string, hour: number, fields: Partial<ContactRecord>): ContactRecord[] =>
    Array.from({ length: count }, (_, index) => factory.record({ ...common, startedAt: copenhagenTime(day, hour, index * 2), ...fields }));
  return [
    ...many(20, busyDay, 10, { channel: 'phone', topics: ['ensomhed'], ageBand: '13-15', gender: 'female', outcome: 'completed', referral: 'none', returningContact: false }),
    ...many(10, earlierDay, 14, { channel: 'phone', topics: ['angst'], ageBand: '16-18', gender: 'male', outcome: 'completed', referral: 'none', returningContact: true }),
    ...many(RARE, busyDay, 3, { channel: 'chat', topics: ['selvskade'], ageBand: '19-24', gender: 'other', outcome: 'escalated', referral: 'psychiatry', returningContact: false }),
    // Outside the last 7 days: must count nowhere in that period.
    ...many(6, outsideDay, 12, { channel: 'phone', topics: ['oekonomi'], ageBand: '60-plus', gender: 'not-disclosed', outcome: 'transferred', referral: 'doctor', returningContact: false }),
  ];
}

let demo: DemoHub;
let supervisor: HubAccount;
let workstation: Awaited<ReturnType<typeof startWorkstation>>;
/** The report as the hub publishes it, asked for directly (by the administrator). */
let published: StatisticsReport;

test.beforeAll(async () => {
  demo = await startDemoHub();
  supervisor = await demo.createUser('supervisor', 'sofie');
  const counsellor = await demo.createUser('counsellor', 'carl');

  // The counsellor's records arrive the way every record does: a batch on the sync endpoint.
  const counsellorToken = await demo.login(counsellor);
  const response = await fetch(`${demo.hub.url}${SYNC_BATCH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${counsellorToken}` },
    body: JSON.stringify({ batchId: randomUUID(), records: seededRecords() }),
  });
  expect(response.status).toBe(200);
  const { results } = syncBatchResponseSchema.parse(await response.json());
  expect(results.map((result) => result.status)).toEqual(Array(results.length).fill('stored'));

  const adminToken = await demo.login(demo.admin);
  const reportResponse = await fetch(`${demo.hub.url}${STATISTICS_PATH}?from=${week.from}&to=${week.to}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(reportResponse.status).toBe(200);
  published = statisticsReportSchema.parse(await reportResponse.json());

  workstation = await startWorkstation({ demo: false, hubUrl: demo.hub.url });
});

test.afterAll(async () => {
  await workstation?.stop();
  await demo?.stop();
});

// The workstation has one session for every page on it: each test starts from the login form.
test.afterEach(async ({ page }) => {
  const logout = page.getByRole('button', { name: 'Log ud' });
  if (await logout.isVisible().catch(() => false)) {
    await logout.click();
    await expect(page.getByLabel('Brugernavn')).toBeVisible();
  }
});

/** An export read back: its tables by name (the XLSX's sheets, the CSV's sections), every value as text. */
type ExportedTables = Map<string, { columns: string[]; rows: string[][] }>;

/** RFC 4180 with `;` (the hub's CSV for Danish Excel); a byte order mark first. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function readExport(file: string, format: 'csv' | 'xlsx'): Promise<ExportedTables> {
  const tables: ExportedTables = new Map();
  if (format === 'csv') {
    const bytes = fs.readFileSync(file);
    // A UTF-8 byte order mark, so Danish Excel reads æ, ø and å.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(bytes.subarray(3).toString('utf8'));
    // Sections: the table's name alone on a line, its column headers, its rows, an empty line.
    for (let i = 0; i < lines.length; i++) {
      const name = lines[i]?.[0] ?? '';
      if (lines[i]?.length !== 1 || name === '') continue;
      const columns = lines[i + 1] ?? [];
      const rows: string[][] = [];
      for (i += 2; i < lines.length && !(lines[i]?.length === 1 && lines[i]?.[0] === ''); i++) rows.push(lines[i] ?? []);
      tables.set(name, { columns, rows });
    }
  } else {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    workbook.eachSheet((sheet) => {
      const values: string[][] = [];
      sheet.eachRow((row) => {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1);
        values.push(cells.map((cell) => (cell === null || cell === undefined ? '' : String(cell as string | number))));
      });
      tables.set(sheet.name, { columns: values[0] ?? [], rows: values.slice(1) });
    });
  }
  return tables;
}

/** The sheet and the hub's Danish label of each chart's codes. */
const exportedCategories: Record<string, { sheet: string; label: (code: string) => string }> = {
  ageBands: { sheet: 'Aldersgrupper', label: (code) => ageBandLabels[code as keyof typeof ageBandLabels] },
  genders: { sheet: 'Køn', label: (code) => genderLabels[code as keyof typeof genderLabels] },
  outcomes: { sheet: 'Udfald', label: (code) => outcomeLabels[code as keyof typeof outcomeLabels] },
  contactTypes: { sheet: 'Kontakttyper', label: (code) => contactTypeLabels[code as keyof typeof contactTypeLabels] },
  referrals: { sheet: 'Henvisninger', label: (code) => referralLabels[code as keyof typeof referralLabels] },
  topics: { sheet: 'Emner', label: topicLabel },
};

/** The value in the row whose first cell is `label` (the table's last column). */
function exportedValue(tables: ExportedTables, sheet: string, label: string): string | undefined {
  return tables.get(sheet)?.rows.find((row) => row[0] === label)?.at(-1);
}

/** What the UI must show for a published cell: the number, or "<k" and never the number. */
const shown = (cell: StatisticsCell): string => (isSuppressed(cell) ? 'skjult' : String(cell.value));

async function openStatistics(page: Page): Promise<Locator> {
  await page.goto(workstation.url);
  await page.getByLabel('Brugernavn').fill(supervisor.username);
  await page.getByLabel('Adgangskode').fill(supervisor.password);
  await page.getByLabel('Engangskode').fill(demo.freshCode(supervisor));
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByTestId('supervisor-board')).toBeVisible();
  await page.getByRole('button', { name: 'Statistik' }).click();
  const statistics = page.getByTestId('statistics');
  await expect(statistics).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  return statistics;
}

/** The table behind a chart: row key × series key → the text in its cell. */
async function chartTable(statistics: Locator, chart: string): Promise<Map<string, string>> {
  const cells = statistics.getByTestId(`chart-${chart}`).locator('td[data-row]');
  const entries = await cells.evaluateAll((tds) => tds.map((td) => [`${td.getAttribute('data-row')}|${td.getAttribute('data-series')}`, (td.textContent ?? '').trim()] as const));
  return new Map(entries);
}

test('the supervisor sees the seeded numbers, small ones only as "skjult", and exports what the screen shows', async ({ page }) => {
  const statistics = await openStatistics(page);
  const k = published.k;
  expect(k).toBe(5);

  // The last 7 days, as the hub counted them.
  await expect(statistics.getByTestId('stat-report')).toHaveAttribute('data-from', week.from);
  await expect(statistics.getByTestId('stat-report')).toHaveAttribute('data-to', week.to);
  await expect(statistics.getByTestId('stat-preset-last7')).toHaveAttribute('aria-pressed', 'true');

  // The seeded numbers (the 6 contacts outside the period count nowhere).
  await expect(statistics.getByTestId('stat-total-all').locator('dd')).toHaveText('33');
  const genders = await chartTable(statistics, 'genders');
  expect(genders.get('female|contacts')).toBe('20');
  expect(genders.get('not-disclosed|contacts')).toBe('0');
  expect((await chartTable(statistics, 'ageBands')).get('13-15|contacts')).toBe('20');
  const topics = await chartTable(statistics, 'topics');
  expect(topics.get('ensomhed|contacts')).toBe('20');
  expect(topics.get('angst|contacts')).toBe('10');
  expect(topics.get('oekonomi|contacts')).toBe('0');
  expect((await chartTable(statistics, 'contactTypes')).get('counselling|contacts')).toBe('33');
  const hours = await chartTable(statistics, 'hours');
  expect(hours.get('10|phone')).toBe('20');
  expect(hours.get('12|phone')).toBe('0');
  const days = await chartTable(statistics, 'days');
  expect(days.get(`${busyDay}|phone`)).toBe('20');

  // The rare combination: every one of its cells is "skjult" (hatched), never its number.
  expect(hours.get('03|chat')).toBe('skjult');
  expect(days.get(`${busyDay}|chat`)).toBe('skjult');
  expect(genders.get('other|contacts')).toBe('skjult');
  expect((await chartTable(statistics, 'ageBands')).get('19-24|contacts')).toBe('skjult');
  expect((await chartTable(statistics, 'outcomes')).get('escalated|contacts')).toBe('skjult');
  expect((await chartTable(statistics, 'referrals')).get('psychiatry|contacts')).toBe('skjult');
  expect(topics.get('selvskade|contacts')).toBe('skjult');
  const rareBar = statistics.getByTestId('chart-hours').locator('[data-testid="stat-bar"][data-row="03"][data-series="chat"]');
  await expect(rareBar).toHaveAttribute('data-kind', 'hidden');
  await expect(rareBar.locator('.bar-label')).toHaveText('skjult');
  await expect(rareBar.locator('rect.bar-solid')).toHaveCount(0);
  await expect(statistics.getByTestId('chart-genders').getByTestId('hidden-legend')).toContainText('Skjult: færre end 5 kontakter (eller kan regnes ud)');
  // Nowhere in the view (texts, tooltips, tables) does the rare count stand as a number.
  const texts = await statistics.evaluate((root) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) found.push((node.textContent ?? '').trim());
    for (const element of root.querySelectorAll('[title],[aria-label]')) found.push(element.getAttribute('title') ?? '', element.getAttribute('aria-label') ?? '');
    return found;
  });
  expect(texts.filter((text) => text === String(RARE) || new RegExp(`(^|[^0-9.])${RARE}([^0-9.]|$)`).test(text))).toEqual([]);

  // Every category cell on screen is the hub's cell, as published.
  const tables = { ageBands: published.ageBands, genders: published.genders, outcomes: published.outcomes, contactTypes: published.contactTypes, referrals: published.referrals, topics: published.topics };
  for (const [chart, table] of Object.entries(tables)) {
    const onScreen = await chartTable(statistics, chart);
    expect(onScreen.size, chart).toBe(table.rows.length);
    for (const row of table.rows) expect(onScreen.get(`${row.code}|contacts`), `${chart} ${row.code}`).toBe(shown(row.contacts));
  }
  const perDay = await chartTable(statistics, 'days');
  for (const channel of published.channels) {
    await expect(statistics.getByTestId(`stat-total-${channel.channel}`).locator('dd')).toHaveText(shown(channel.total));
    for (const day of channel.days) expect(perDay.get(`${day.day}|${channel.channel}`), `${channel.channel} ${day.day}`).toBe(shown(day.total));
  }

  // Exports: saved by the main process under the hub's file name; read back, they say the same.
  for (const format of ['csv', 'xlsx'] as const) {
    await statistics.getByTestId(`stat-export-${format}`).click();
    const status = statistics.getByTestId('stat-export-status');
    await expect(status).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
    const fileName = `tavs-statistik-${week.from}-${week.to}.${format}`;
    await expect(status).toHaveText(`Gemt som ${fileName}`);
    const file = path.join(workstation.dataDir, 'exports', fileName);
    expect(fs.existsSync(file), file).toBe(true);
    const exported = await readExport(file, format);
    // The same numbers as the screen, cell for cell.
    expect(exportedValue(exported, 'Oversigt', 'Kontakter i alt')).toBe(await statistics.getByTestId('stat-total-all').locator('dd').textContent());
    expect(exportedValue(exported, 'Oversigt', 'Mindste viste antal')).toBe('5');
    for (const [chart, { sheet, label }] of Object.entries(exportedCategories)) {
      const onScreen = await chartTable(statistics, chart);
      expect(exported.get(sheet)?.rows.filter((row) => row[0] !== 'I alt').length, `${format} ${sheet}`).toBe(onScreen.size);
      for (const [key, text] of onScreen) expect(exportedValue(exported, sheet, label(key.split('|')[0] ?? '')), `${format} ${chart} ${key}`).toBe(text);
    }
    const exportedDays = exported.get('Dage')?.rows ?? [];
    for (const [key, text] of perDay) {
      const [day, channel] = key.split('|');
      const channelName = channel === 'phone' ? 'Telefon' : 'Chat';
      expect(exportedDays.find((row) => row[0] === channelName && row[1] === day)?.[2], `${format} day ${key}`).toBe(text);
    }
    const hourRow = (channel: string, day: string, hour: number) => exported.get('Timer')?.rows.find((row) => row[0] === channel && row[1] === day && row[2] === String(hour))?.[3];
    expect(hourRow('Telefon', busyDay, 10)).toBe('20');
    expect(hourRow('Chat', busyDay, 3)).toBe('skjult');
    // The rare count is no count anywhere in the file (only hours and dates may contain a 3).
    for (const [sheet, table] of exported) {
      const counted = table.columns.map((column, index) => (['Time', 'Dato', 'Periode fra', 'Periode til'].includes(column) || index === 0 ? -1 : index)).filter((index) => index >= 0);
      for (const row of table.rows) for (const index of counted) expect(row[index], `${format} ${sheet} ${row.join(';')}`).not.toBe(String(RARE));
    }
  }
});

test('the period presets ask the hub again; a reversed period is refused in the picker', async ({ page }) => {
  const statistics = await openStatistics(page);
  const report = statistics.getByTestId('stat-report');

  await statistics.getByTestId('stat-preset-thisWeek').click();
  const thisWeek = presetPeriod('thisWeek', new Date(`${today}T12:00:00`));
  await expect(report).toHaveAttribute('data-from', thisWeek.from);
  await expect(report).toHaveAttribute('data-to', thisWeek.to);

  await statistics.getByTestId('stat-preset-lastMonth').click();
  const lastMonth = presetPeriod('lastMonth', new Date(`${today}T12:00:00`));
  await expect(report).toHaveAttribute('data-from', lastMonth.from);
  await expect(report).toHaveAttribute('data-to', lastMonth.to);

  // The day ten days back alone: only the 6 contacts seeded there.
  await statistics.getByTestId('stat-from').fill(outsideDay);
  await statistics.getByTestId('stat-to').fill(outsideDay);
  await statistics.getByTestId('stat-show').click();
  await expect(report).toHaveAttribute('data-from', outsideDay);
  await expect(statistics.getByTestId('stat-total-all').locator('dd')).toHaveText('6');
  expect((await chartTable(statistics, 'genders')).get('not-disclosed|contacts')).toBe('6');

  await statistics.getByTestId('stat-from').fill(today);
  await statistics.getByTestId('stat-to').fill(addDays(today, -1));
  await statistics.getByTestId('stat-show').click();
  await expect(statistics.getByTestId('stat-period-problem')).toHaveText('Slutdatoen skal ligge på eller efter startdatoen.');
  await expect(report).toHaveAttribute('data-from', outsideDay);
});
