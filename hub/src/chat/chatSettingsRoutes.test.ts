import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAT_CANNED_REPLIES_PATH,
  CHAT_SCHEDULE_PATH,
  cannedRepliesResponseSchema,
  chatScheduleViewSchema,
  type CannedReply,
  type ChatScheduleInput,
} from '../../../shared/hub/chatApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { hubWithRoutes } from '../../testing/routesHub';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { verifyAuditChain } from '../audit/auditChain';
import type { Database } from '../db/database';
import { installChatStorage } from './chatStorage';
import { defaultCannedReplies } from './chatSettingsStore';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;

const weekdays = (opens: string, closes: string) => [...Array.from({ length: 5 }, () => [{ opens, closes }]), [], []];

describe.each(hubDatabaseEngines)('chat settings over HTTP on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let adminId: string;
  const tokens: Record<'admin' | 'supervisor' | 'counsellor', string> = { admin: '', supervisor: '', counsellor: '' };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const context = testHubContext(db);
    app = await hubWithRoutes(context, (routes, services) => installChatStorage(routes, context, { ...services, transcriptKey: null }));
    const admin = await createTestUser(db, { role: 'administrator' });
    adminId = admin.id;
    tokens.admin = await loginToken(app, admin);
    tokens.supervisor = await loginToken(app, await createTestUser(db, { role: 'supervisor' }));
    tokens.counsellor = await loginToken(app, await createTestUser(db, { role: 'counsellor' }));
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const as = (who: keyof typeof tokens | null, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: who ? bearer(tokens[who]) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  const refusal = (response: { statusCode: number; json: <T>() => T }) => ({ status: response.statusCode, ...response.json<HubErrorBody>() });
  const auditOf = async (action: string) =>
    (await db.query<{ actor_id: string | null; details: object }>('SELECT actor_id::text AS actor_id, details FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows;
  const settingRows = async () => (await db.query<{ name: string; value: unknown }>('SELECT name, value FROM chat_settings ORDER BY name')).rows;

  it('gives every role the Danish default replies and lets only administrators replace them, audited by count', async () => {
    for (const who of ['counsellor', 'supervisor', 'admin'] as const) {
      const response = await as(who, 'GET', CHAT_CANNED_REPLIES_PATH);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(cannedRepliesResponseSchema.parse(response.json()).replies).toEqual(defaultCannedReplies);
    }
    expect(defaultCannedReplies.map((reply) => reply.title)).toEqual(['Velkomst', 'Vent lidt', 'Afslutning', 'Akut hjælp', 'Tak']);
    expect(defaultCannedReplies.find((reply) => reply.title === 'Akut hjælp')?.text).toContain('ring 112');
    expect(refusal(await as(null, 'GET', CHAT_CANNED_REPLIES_PATH)).status).toBe(401);

    const replies: CannedReply[] = [
      { title: 'Hej', text: 'Hej, du skriver med en rådgiver.' },
      { title: 'Pause', text: 'Jeg er tilbage om et øjeblik.\nTak for din tålmodighed.' },
    ];
    for (const who of ['counsellor', 'supervisor'] as const) expect(refusal(await as(who, 'PUT', CHAT_CANNED_REPLIES_PATH, { replies }))).toMatchObject({ status: 403, error: 'forbidden' });
    expect(refusal(await as(null, 'PUT', CHAT_CANNED_REPLIES_PATH, { replies })).status).toBe(401);
    expect(await settingRows()).toEqual([]);

    const put = await as('admin', 'PUT', CHAT_CANNED_REPLIES_PATH, { replies: replies.map((reply) => ({ ...reply, title: `  ${reply.title} ` })) });
    expect(put.statusCode, put.body).toBe(200);
    expect(cannedRepliesResponseSchema.parse(put.json()).replies).toEqual(replies);
    expect(cannedRepliesResponseSchema.parse((await as('counsellor', 'GET', CHAT_CANNED_REPLIES_PATH)).json()).replies).toEqual(replies);
    expect(await auditOf('chat.canned-replies.update')).toEqual([{ actor_id: adminId, details: { count: 2 } }]);
    // The audit entry says how many, never the text.
    expect(JSON.stringify(await auditOf('chat.canned-replies.update'))).not.toContain('rådgiver');

    // An empty list is a choice too (no canned replies at all), not a return to the defaults.
    expect((await as('admin', 'PUT', CHAT_CANNED_REPLIES_PATH, { replies: [] })).statusCode).toBe(200);
    expect(cannedRepliesResponseSchema.parse((await as('counsellor', 'GET', CHAT_CANNED_REPLIES_PATH)).json()).replies).toEqual([]);
    expect((await as('admin', 'PUT', CHAT_CANNED_REPLIES_PATH, { replies })).statusCode).toBe(200);
  });

  it('refuses malformed replies with where they are wrong, and changes nothing', async () => {
    const before = await settingRows();
    const auditBefore = (await auditOf('chat.canned-replies.update')).length;
    const bad: Array<[unknown, string]> = [
      [{ replies: [{ title: '', text: 'x' }] }, 'replies.0.title'],
      [{ replies: [{ title: 'A', text: 'x'.repeat(1001) }] }, 'replies.0.text'],
      [{ replies: [{ title: 'A', text: 'x', extra: 1 }] }, 'replies.0'],
      [{ replies: Array.from({ length: 101 }, (_, index) => ({ title: `T${index}`, text: 'x' })) }, 'replies'],
      [{ replies: [{ title: 'A', text: 'nul \u0000 here' }] }, 'replies.0.text'],
      [{ replies: [{ title: 'A', text: 'bidi \u202e override' }] }, 'replies.0.text'],
      [{ replies: [{ title: 'A', text: 'lone \ud800 surrogate' }] }, 'replies.0.text'],
      [{ replies: [{ title: 'Hej', text: 'a' }, { title: 'hej', text: 'b' }] }, 'replies.1.title'],
      [{ replies: 'all of them' }, 'replies'],
      [[], ''],
    ];
    for (const [payload, path] of bad) {
      const response = refusal(await as('admin', 'PUT', CHAT_CANNED_REPLIES_PATH, payload));
      expect(response, JSON.stringify(payload).slice(0, 80)).toMatchObject({ status: 400, error: 'invalid-request' });
      expect(response.issues?.map((issue) => issue.path)).toContain(path);
    }
    const notJson = await app.inject({ method: 'PUT', url: CHAT_CANNED_REPLIES_PATH, headers: { ...bearer(tokens.admin), 'content-type': 'application/json' }, payload: '{"replies": [' });
    expect(refusal(notJson)).toMatchObject({ status: 400, error: 'invalid-request' });
    expect(await settingRows()).toEqual(before);
    expect((await auditOf('chat.canned-replies.update')).length).toBe(auditBefore);
  });

  it('shows anyone the opening hours (open around the clock by default) and lets administrators set them, audited', async () => {
    const open = await as(null, 'GET', CHAT_SCHEDULE_PATH);
    expect(open.statusCode).toBe(200);
    expect(chatScheduleViewSchema.parse(open.json())).toMatchObject({ open: true, nextChange: null, timeZone: 'Europe/Copenhagen', schedule: { weekly: null, exceptions: [] } });

    const schedule: ChatScheduleInput = {
      weekly: weekdays('00:00', '24:00').map((day, index) => (index === 0 ? [{ opens: '18:00', closes: '22:00' }, { opens: '08:00', closes: '12:00' }] : day)),
      exceptions: [
        { date: '2099-12-31', intervals: [], label: 'Nytårsaften' },
        { date: '2099-12-24', intervals: [], label: 'Juleaften' },
        { date: '2099-06-05', intervals: [{ opens: '10:00', closes: '14:00' }] },
      ],
    };
    for (const who of ['counsellor', 'supervisor'] as const) expect(refusal(await as(who, 'PUT', CHAT_SCHEDULE_PATH, schedule)).status).toBe(403);
    expect(refusal(await as(null, 'PUT', CHAT_SCHEDULE_PATH, schedule)).status).toBe(401);

    const put = await as('admin', 'PUT', CHAT_SCHEDULE_PATH, schedule);
    expect(put.statusCode, put.body).toBe(200);
    const view = chatScheduleViewSchema.parse(put.json());
    // Stored in order: intervals by opening, exceptions by date; a missing label is empty.
    expect(view.schedule.weekly?.[0]).toEqual([{ opens: '08:00', closes: '12:00' }, { opens: '18:00', closes: '22:00' }]);
    expect(view.schedule.exceptions.map((exception) => [exception.date, exception.label])).toEqual([
      ['2099-06-05', ''],
      ['2099-12-24', 'Juleaften'],
      ['2099-12-31', 'Nytårsaften'],
    ]);
    // The public view follows at once (the cache was invalidated), with the same schedule.
    const after = chatScheduleViewSchema.parse((await as(null, 'GET', CHAT_SCHEDULE_PATH)).json());
    expect(after.schedule).toEqual(view.schedule);
    expect(after.open).toBe(view.open);
    expect(after.nextChange).not.toBeNull();
    expect(await auditOf('chat.schedule.update')).toEqual([{ actor_id: adminId, details: { aroundTheClock: false, openWeekdays: 5, exceptions: 3 } }]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses a malformed schedule with where it is wrong, and changes nothing', async () => {
    const before = await settingRows();
    const auditBefore = (await auditOf('chat.schedule.update')).length;
    const day = (...intervals: Array<[string, string]>) => intervals.map(([opens, closes]) => ({ opens, closes }));
    const withMonday = (monday: unknown) => ({ weekly: [monday, [], [], [], [], [], []], exceptions: [] });
    const bad: Array<[unknown, string]> = [
      [withMonday(day(['17:00', '09:00'])), 'weekly.0.0'],
      [withMonday(day(['09:00', '09:00'])), 'weekly.0.0'],
      [withMonday(day(['9:00', '17:00'])), 'weekly.0.0.opens'],
      [withMonday(day(['09:00', '24:01'])), 'weekly.0.0.closes'],
      [withMonday(day(['24:00', '24:00'])), 'weekly.0.0'],
      [withMonday(day(['09:00', '13:00'], ['12:00', '17:00'])), 'weekly.0'],
      [withMonday(day(['00:00', '01:00'], ['02:00', '03:00'], ['04:00', '05:00'], ['06:00', '07:00'], ['08:00', '09:00'])), 'weekly.0'],
      [{ weekly: [[], [], []], exceptions: [] }, 'weekly'],
      [{ weekly: null, exceptions: [{ date: '2026-02-30', intervals: [] }] }, 'exceptions.0.date'],
      [{ weekly: null, exceptions: [{ date: '2026-12-24', intervals: [] }, { date: '2026-12-24', intervals: [], label: 'igen' }] }, 'exceptions.1.date'],
      [{ weekly: null, exceptions: [{ date: '2026-12-24', intervals: [], label: 'x'.repeat(81) }] }, 'exceptions.0.label'],
      [{ weekly: null, exceptions: [{ date: '2026-12-24', intervals: [], label: 'Jul\u0007' }] }, 'exceptions.0.label'],
      [{ weekly: null, exceptions: [{ date: '2026-12-24', intervals: day(['10:00', '12:00'], ['11:00', '13:00']) }] }, 'exceptions.0.intervals'],
      [{ weekly: null }, 'exceptions'],
      [{ weekly: null, exceptions: [], timeZone: 'UTC' }, ''],
    ];
    for (const [payload, path] of bad) {
      const response = refusal(await as('admin', 'PUT', CHAT_SCHEDULE_PATH, payload));
      expect(response, JSON.stringify(payload).slice(0, 120)).toMatchObject({ status: 400, error: 'invalid-request' });
      expect(response.issues?.map((issue) => issue.path), JSON.stringify(payload).slice(0, 120)).toContain(path);
    }
    expect(await settingRows()).toEqual(before);
    expect((await auditOf('chat.schedule.update')).length).toBe(auditBefore);
  });
});
