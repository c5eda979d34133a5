import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import { STATISTICS_EXPORT_PATH, STATISTICS_PATH, statisticsReportSchema, type StatisticsReport } from '../../shared/hub/statisticsApi';
import { ageBands, contactTypes, genders, outcomes, referrals } from '../../shared/records/recordModel';
import { HubClient } from '../hub/hubClient';
import { HubConnection } from '../hub/hubConnection';
import { directoryExportTarget, type ExportTarget } from './exportTarget';
import { createLogger, type Logger } from './logger';
import { StatisticsService, statisticsHubOf } from './statisticsService';

// The service over the real HubClient and HubConnection, against a loopback HTTP server that
// answers like the hub (the hub's own statistics routes are tested in hub/src/statistics): this
// pins down the token handling, the binary export and how every kind of failure is reported.

type Answer = { status: number; type?: string; body: string | Buffer; delayMs?: number };
const TOKEN = 'token-held-by-main-only';
let answer: (url: URL) => Answer;
const seen: { path: string; query: Record<string, string>; authorization: string | undefined }[] = [];
let hub: { baseUrl: string; close(): Promise<void> };

/** A loopback server that logs anyone in and answers every other request with `answer`. */
async function standInHub(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === '/api/v1/sessions') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token: TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: { id: randomUUID(), username: 'sofie', displayName: 'Sofie', role: 'supervisor' } }));
      return;
    }
    seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: request.headers.authorization });
    const reply = answer(url);
    setTimeout(() => {
      response.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
      response.end(reply.body);
    }, reply.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  hub = await standInHub();
});
afterAll(() => hub.close());

const directories: string[] = [];
afterEach(() => {
  seen.length = 0;
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

function report(period = { from: '2026-11-19', to: '2026-11-25' }): StatisticsReport {
  const zero = { value: 0 };
  const table = (codes: readonly string[]) => ({ total: { value: 12 }, rows: codes.map((code, index) => ({ code, contacts: index === 0 ? { value: 12 } : zero })) });
  const days = ['2026-11-19'];
  return statisticsReportSchema.parse({
    period,
    k: 5,
    timeZone: 'Europe/Copenhagen',
    totalContacts: { value: 12 },
    channels: [{ channel: 'phone', total: { value: 12 }, days: days.map((day) => ({ day, total: { value: 12 }, hours: Array.from({ length: 24 }, (_, hour) => (hour === 10 ? { value: 12 } : zero)) })) }],
    topics: { rows: [{ code: 'ensomhed', contacts: { suppressed: true } }] },
    ageBands: table(ageBands),
    genders: table(genders),
    outcomes: table(outcomes),
    contactTypes: table(contactTypes),
    referrals: table(referrals),
    returningContacts: { rows: [{ channel: 'phone', returning: zero, firstTime: { value: 12 }, total: { value: 12 } }], total: { returning: zero, firstTime: { value: 12 }, total: { value: 12 } } },
    uniqueContacts: { days: days.map((day) => ({ day, unique: zero, returning: zero, newcomers: zero, frequent: zero })) },
  });
}

const hubError = (status: number, error: string): Answer => ({ status, body: JSON.stringify({ error, message: 'refused' }) });
const supervisor: SessionState = { status: 'active', role: 'supervisor', displayName: 'Sofie' };

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (scope: string, message: string, fields?: object): void => void lines.push(JSON.stringify({ scope, message, ...fields }));
  return { lines, info: write, warn: write, error: write };
}

async function setUp(options: { session?: SessionState; target?: ExportTarget; timeoutMs?: number; baseUrl?: string } = {}) {
  const log = memoryLogger();
  const events = { lost: 0 };
  const connection = new HubConnection(new HubClient({ baseUrl: options.baseUrl ?? hub.baseUrl }, { statisticsMs: options.timeoutMs ?? 5_000 }), createLogger({}), {
    link: () => undefined,
    sessionLost: () => void events.lost++,
  });
  const login = await connection.login({ username: 'sofie', password: 'x', totp: '123456' });
  expect(login.ok).toBe(true);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-stat-'));
  directories.push(directory);
  let session = options.session ?? supervisor;
  const service = new StatisticsService(statisticsHubOf(connection), options.target ?? directoryExportTarget(directory), () => session, log);
  return { service, log, events, directory, connection, setSession: (next: SessionState) => (session = next) };
}

const week = { from: '2026-11-19', to: '2026-11-25' };

describe('statistics:get', () => {
  test('a supervisor gets the hub’s report unchanged; the token goes to the hub and nowhere else', async () => {
    const expected = report();
    answer = () => ({ status: 200, body: JSON.stringify(expected) });
    const { service, log } = await setUp();
    expect(await service.report(week)).toEqual({ ok: true, value: expected });
    expect(seen).toEqual([{ path: STATISTICS_PATH, query: week, authorization: `Bearer ${TOKEN}` }]);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });

  test('an administrator may too', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(report()) });
    const { service } = await setUp({ session: { status: 'active', role: 'administrator', displayName: 'Ada' } });
    expect((await service.report(week)).ok).toBe(true);
  });

  test('a counsellor, a locked workstation or a reversed or overlong period never reach the hub', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(report()) });
    const { service, setSession } = await setUp({ session: { status: 'active', role: 'counsellor', displayName: 'Ana' } });
    expect(await service.report(week)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await service.export(week, 'csv')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    setSession({ status: 'locked' });
    expect(await service.report(week)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    setSession(supervisor);
    expect(await service.report({ from: '2026-11-25', to: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'invalid-period' } });
    expect(await service.report({ from: '2026-01-01', to: '2027-01-02' })).toMatchObject({ ok: false, error: { code: 'invalid-period' } });
    expect(seen).toEqual([]);
  });

  test('without a hub there are no statistics', async () => {
    const service = new StatisticsService(null, directoryExportTarget(os.tmpdir()), () => supervisor, memoryLogger());
    expect(await service.report(week)).toMatchObject({ ok: false, error: { code: 'hub-not-configured' } });
  });

  test.each([
    ['403 forbidden', hubError(403, 'forbidden'), 'forbidden'],
    ['400 invalid-request', hubError(400, 'invalid-request'), 'invalid-period'],
    ['500', { status: 500, body: 'oops' }, 'hub-unreachable'],
    ['a 502 page from a proxy', { status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' }, 'hub-unreachable'],
    ['429', hubError(429, 'rate-limited'), 'hub-unreachable'],
    ['a report the contract does not allow', { status: 200, body: JSON.stringify({ ...report(), k: 1 }) }, 'internal'],
    ['a published count that is not a whole number', { status: 200, body: JSON.stringify({ ...report(), totalContacts: { value: 2.5 } }) }, 'internal'],
  ] as const)('the hub answering %s → %s', async (_name, reply, code) => {
    answer = () => reply;
    const { service, log } = await setUp();
    expect(await service.report(week)).toMatchObject({ ok: false, error: { code } });
    expect(log.lines.some((line) => line.includes('report failed'))).toBe(true);
  });

  test('a 401 ends the session (the workstation locks) and answers not-logged-in', async () => {
    answer = () => hubError(401, 'unauthenticated');
    const { service, events, connection } = await setUp();
    expect(await service.report(week)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(events.lost).toBe(1);
    expect(connection.hasSession()).toBe(false);
  });

  test('a hub that does not answer in time, or not at all, is unreachable', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(report()), delayMs: 1_000 });
    const slow = await setUp({ timeoutMs: 200 });
    expect(await slow.service.report(week)).toMatchObject({ ok: false, error: { code: 'hub-unreachable' } });

    // The hub goes away after the login.
    const leaving = await standInHub();
    const gone = await setUp({ baseUrl: leaving.baseUrl });
    await leaving.close();
    expect(await gone.service.report(week)).toMatchObject({ ok: false, error: { code: 'hub-unreachable' } });
    expect(gone.connection.hasSession()).toBe(true);
  });
});

describe('statistics:export', () => {
  // Every byte value: an XLSX is a zip, and any text decoding on the way would break it.
  const file = Buffer.from(Array.from({ length: 70_000 }, (_, index) => (index * 7) % 256));

  test('the hub’s file is saved byte for byte under its file name; the renderer gets only the name', async () => {
    answer = () => ({ status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: file });
    const { service, directory, log } = await setUp();
    expect(await service.export(week, 'xlsx')).toEqual({ ok: true, value: { fileName: 'tavs-statistik-2026-11-19-2026-11-25.xlsx' } });
    expect(seen).toEqual([{ path: STATISTICS_EXPORT_PATH, query: { ...week, format: 'xlsx' }, authorization: `Bearer ${TOKEN}` }]);
    expect(fs.readFileSync(path.join(directory, 'tavs-statistik-2026-11-19-2026-11-25.xlsx')).equals(file)).toBe(true);
    expect(log.lines.join('\n')).not.toContain(directory);
  });

  test('cancelling the save dialog is not an error: no file name', async () => {
    answer = () => ({ status: 200, type: 'text/csv', body: 'a;b\n1;2\n' });
    const { service } = await setUp({ target: { save: () => Promise.resolve(null) } });
    expect(await service.export(week, 'csv')).toEqual({ ok: true, value: { fileName: null } });
  });

  test('a file that cannot be written is export-failed; the log names no path', async () => {
    answer = () => ({ status: 200, type: 'text/csv', body: 'a;b\n' });
    const failing: ExportTarget = {
      save: () => Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, open '/home/sofie/Dokumenter/x.csv'"), { code: 'ENOSPC' })),
    };
    const { service, log } = await setUp({ target: failing });
    expect(await service.export(week, 'csv')).toMatchObject({ ok: false, error: { code: 'export-failed' } });
    expect(log.lines.join('\n')).toContain('ENOSPC');
    expect(log.lines.join('\n')).not.toContain('/home/sofie');
  });

  test('a refused export saves nothing', async () => {
    answer = () => hubError(403, 'forbidden');
    const { service, directory } = await setUp();
    expect(await service.export(week, 'csv')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});
