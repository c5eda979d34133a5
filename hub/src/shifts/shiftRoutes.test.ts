import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import {
  SHIFTS_PATH,
  SHIFT_IMPORT_MAX_ROWS,
  SHIFT_IMPORT_PATH,
  shiftImportResponseSchema,
  shiftPath,
  shiftResponseSchema,
  shiftsResponseSchema,
  type Shift,
} from '../../../shared/hub/shiftsApi';
import { bearer, createTestUser, loginToken, testHubContext, type TestUser } from '../../testing/testAccounts';
import { hubWithRoutes } from '../../testing/routesHub';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { registerShiftPlanRoutes } from './shiftRoutes';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;

describe.each(hubDatabaseEngines)('the shift plan over HTTP on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let admin: TestUser;
  let anna: TestUser;
  const tokens: Record<'admin' | 'supervisor' | 'counsellor', string> = { admin: '', supervisor: '', counsellor: '' };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const context = testHubContext(db);
    app = await hubWithRoutes(context, (routes, services) => registerShiftPlanRoutes(routes, context, services));
    admin = await createTestUser(db, { role: 'administrator' });
    const supervisor = await createTestUser(db, { role: 'supervisor', username: 'sara' });
    anna = await createTestUser(db, { role: 'counsellor', username: 'anna' });
    await createTestUser(db, { role: 'counsellor', username: 'bo' });
    tokens.admin = await loginToken(app, admin);
    tokens.supervisor = await loginToken(app, supervisor);
    tokens.counsellor = await loginToken(app, anna);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const as = (who: keyof typeof tokens, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });
  const list = async (from: string, to: string): Promise<Shift[]> => {
    const response = await as('supervisor', 'GET', `${SHIFTS_PATH}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(response.statusCode).toBe(200);
    return shiftsResponseSchema.parse(response.json()).shifts;
  };
  const create = async (payload: object): Promise<Shift> => {
    const response = await as('admin', 'POST', SHIFTS_PATH, payload);
    expect(response.statusCode, response.body).toBe(201);
    return shiftResponseSchema.parse(response.json()).shift;
  };
  const refusal = (response: { statusCode: number; json: <T>() => T }) => ({ status: response.statusCode, ...response.json<HubErrorBody>() });
  const auditOf = async (action: string) =>
    (await db.query<{ actor_id: string | null; target: string | null; details: object }>('SELECT actor_id::text AS actor_id, target, details FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows;

  it('lets supervisors and administrators read the plan and only administrators change it', async () => {
    const query = `${SHIFTS_PATH}?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z`;
    const shift = { username: 'anna', startsAt: '2026-03-02T08:00:00+01:00', endsAt: '2026-03-02T16:00:00+01:00' };
    expect((await app.inject({ method: 'GET', url: query })).statusCode).toBe(401);
    expect((await as('counsellor', 'GET', query)).statusCode).toBe(403);
    expect((await as('supervisor', 'GET', query)).statusCode).toBe(200);
    expect((await as('admin', 'GET', query)).statusCode).toBe(200);
    expect((await as('counsellor', 'POST', SHIFTS_PATH, shift)).statusCode).toBe(403);
    expect((await as('supervisor', 'POST', SHIFTS_PATH, shift)).statusCode).toBe(403);
    expect((await as('supervisor', 'PUT', shiftPath(crypto.randomUUID()), shift)).statusCode).toBe(403);
    expect((await as('supervisor', 'DELETE', shiftPath(crypto.randomUUID()))).statusCode).toBe(403);
    expect((await as('supervisor', 'POST', SHIFT_IMPORT_PATH, { csv: 'brugernavn,start,slut\n' })).statusCode).toBe(403);
    expect(await list('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([]);
  });

  it('adds a shift, shows it to supervisors and audits it under the administrator', async () => {
    const shift = await create({ username: 'Anna', startsAt: '2026-03-02T08:00:00+01:00', endsAt: '2026-03-02T16:00:00+01:00' });
    expect(shift).toMatchObject({ userId: anna.id, username: 'anna', displayName: 'Test counsellor', startsAt: '2026-03-02T07:00:00.000Z', endsAt: '2026-03-02T15:00:00.000Z' });
    expect(await list('2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00')).toEqual([shift]);
    expect(await auditOf('shift.create')).toEqual([{ actor_id: admin.id, target: shift.id, details: { userId: anna.id, startsAt: shift.startsAt, endsAt: shift.endsAt } }]);
  });

  it('refuses an impossible shift with 400 and says what is wrong', async () => {
    const day = { username: 'anna', startsAt: '2026-03-03T08:00:00+01:00', endsAt: '2026-03-03T16:00:00+01:00' };
    const cases: [object, string, string][] = [
      [{ ...day, endsAt: '2026-03-03T07:00:00+01:00' }, 'endsAt', 'end-before-start'],
      [{ ...day, endsAt: '2026-03-04T08:01:00+01:00' }, 'endsAt', 'too-long'],
      [{ ...day, username: 'nobody' }, 'username', 'unknown-user'],
      [{ ...day, username: 'sara' }, 'username', 'not-counsellor'],
    ];
    for (const [payload, path, message] of cases) {
      const response = await as('admin', 'POST', SHIFTS_PATH, payload);
      expect(refusal(response), JSON.stringify(payload)).toMatchObject({ status: 400, error: 'invalid-request', issues: [{ path, message }] });
    }
    // Not the contract's shape: no offset, an unknown field, a name no account can have.
    for (const payload of [{ ...day, startsAt: '2026-03-03 08:00' }, { ...day, startsAt: '2026-03-03T08:00:00' }, { ...day, note: 'x' }, { ...day, username: 'anna hansen' }, {}]) {
      expect((await as('admin', 'POST', SHIFTS_PATH, payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await list('2026-03-03T00:00:00Z', '2026-03-05T00:00:00Z')).toEqual([]);
  });

  it('refuses an overlap with 409, whether the shift is added or moved', async () => {
    const morning = await create({ username: 'bo', startsAt: '2026-03-10T08:00:00+01:00', endsAt: '2026-03-10T12:00:00+01:00' });
    const afternoon = await create({ username: 'bo', startsAt: '2026-03-10T12:00:00+01:00', endsAt: '2026-03-10T16:00:00+01:00' });
    expect(refusal(await as('admin', 'POST', SHIFTS_PATH, { username: 'bo', startsAt: '2026-03-10T11:00:00+01:00', endsAt: '2026-03-10T13:00:00+01:00' }))).toMatchObject({ status: 409, error: 'conflict' });
    expect(refusal(await as('admin', 'PUT', shiftPath(afternoon.id), { username: 'bo', startsAt: '2026-03-10T11:00:00+01:00', endsAt: '2026-03-10T16:00:00+01:00' }))).toMatchObject({ status: 409, error: 'conflict' });
    expect((await list('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')).map((shift) => shift.id)).toEqual([morning.id, afternoon.id]);
  });

  it('lets only one of two overlapping shifts sent at once in', async () => {
    const payloads = [
      { username: 'anna', startsAt: '2026-03-11T08:00:00+01:00', endsAt: '2026-03-11T16:00:00+01:00' },
      { username: 'anna', startsAt: '2026-03-11T09:00:00+01:00', endsAt: '2026-03-11T17:00:00+01:00' },
    ];
    const statuses = (await Promise.all(payloads.map((payload) => as('admin', 'POST', SHIFTS_PATH, payload)))).map((response) => response.statusCode);
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await list('2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z')).toHaveLength(1);
  });

  it('moves a shift to another time and person, and deletes one, both audited', async () => {
    const shift = await create({ username: 'anna', startsAt: '2026-03-12T08:00:00+01:00', endsAt: '2026-03-12T16:00:00+01:00' });
    const moved = await as('admin', 'PUT', shiftPath(shift.id), { username: 'bo', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T18:00:00+01:00' });
    expect(moved.statusCode).toBe(200);
    const after = shiftResponseSchema.parse(moved.json()).shift;
    expect(after).toMatchObject({ id: shift.id, username: 'bo', startsAt: '2026-03-12T09:00:00.000Z', endsAt: '2026-03-12T17:00:00.000Z' });
    expect(await auditOf('shift.update')).toContainEqual({ actor_id: admin.id, target: shift.id, details: { userId: after.userId, startsAt: after.startsAt, endsAt: after.endsAt } });

    expect((await as('admin', 'DELETE', shiftPath(shift.id))).statusCode).toBe(204);
    expect(await list('2026-03-12T00:00:00Z', '2026-03-13T00:00:00Z')).toEqual([]);
    expect(await auditOf('shift.delete')).toContainEqual({ actor_id: admin.id, target: shift.id, details: { userId: after.userId, startsAt: after.startsAt, endsAt: after.endsAt } });

    const body = { username: 'anna', startsAt: '2026-03-12T08:00:00+01:00', endsAt: '2026-03-12T16:00:00+01:00' };
    expect(refusal(await as('admin', 'DELETE', shiftPath(shift.id)))).toMatchObject({ status: 404, error: 'not-found' });
    expect(refusal(await as('admin', 'PUT', shiftPath(shift.id), body))).toMatchObject({ status: 404, error: 'not-found' });
    expect((await as('admin', 'PUT', shiftPath('not-a-uuid'), body)).statusCode).toBe(400);
    expect((await as('admin', 'DELETE', shiftPath('not-a-uuid'))).statusCode).toBe(400);
  });

  it('neither moves nor deletes a shift someone is logged in to (409)', async () => {
    const shift = await create({ username: 'anna', startsAt: '2026-03-13T08:00:00+01:00', endsAt: '2026-03-13T16:00:00+01:00' });
    const { rows } = await db.query<{ id: string }>('SELECT id::text AS id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL LIMIT 1', [anna.id]);
    await db.query(`INSERT INTO shift_logins (id, shift_id, user_id, session_id, sip_username, started_at) VALUES ($1, $2, $3, $4, $5, now())`, [
      crypto.randomUUID(),
      shift.id,
      anna.id,
      rows[0]?.id,
      `s${crypto.randomBytes(8).toString('hex')}`,
    ]);
    const later = { username: 'anna', startsAt: '2026-03-13T08:00:00+01:00', endsAt: '2026-03-13T18:00:00+01:00' };
    expect(refusal(await as('admin', 'PUT', shiftPath(shift.id), later))).toMatchObject({ status: 409, error: 'conflict' });
    expect(refusal(await as('admin', 'DELETE', shiftPath(shift.id)))).toMatchObject({ status: 409, error: 'conflict' });
    expect(await list('2026-03-13T00:00:00Z', '2026-03-14T00:00:00Z')).toEqual([shift]);
  });

  it('refuses a listing whose span is backwards, too long or not ISO 8601', async () => {
    for (const query of ['from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z', 'from=2026-03-02T00:00:00Z&to=2026-03-02T00:00:00Z', 'from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:00Z', 'from=2026-03-02&to=2026-03-09', 'from=2026-03-02T00:00:00Z']) {
      const response = await as('supervisor', 'GET', `${SHIFTS_PATH}?${query}`);
      expect(refusal(response), query).toMatchObject({ status: 400, error: 'invalid-request' });
    }
  });

  it('imports a CSV, audited by its count alone', async () => {
    const csv = '\ufeffbrugernavn;start;slut\r\nanna;2026-03-16 08:00;2026-03-16 16:00\r\nbo;2026-03-16 08:00;2026-03-16 16:00\r\nanna;2026-03-17 08:00;2026-03-17 16:00\r\n';
    const response = await as('admin', 'POST', SHIFT_IMPORT_PATH, { csv });
    expect(response.statusCode, response.body).toBe(200);
    expect(shiftImportResponseSchema.parse(response.json())).toEqual({ created: 3 });
    expect((await list('2026-03-16T00:00:00Z', '2026-03-18T00:00:00Z')).map((shift) => `${shift.username} ${shift.startsAt}`)).toEqual([
      'anna 2026-03-16T07:00:00.000Z',
      'bo 2026-03-16T07:00:00.000Z',
      'anna 2026-03-17T07:00:00.000Z',
    ]);
    expect(await auditOf('shift.import')).toEqual([{ actor_id: admin.id, target: null, details: { count: 3 } }]);
  });

  it('refuses an import with any bad line as a whole, one issue per line', async () => {
    const csv = [
      'username,start,end',
      'anna,2026-03-29 01:00,2026-03-29 02:30', // 02:30 does not exist that night
      'anna,2026-03-30 08:00,2026-03-30 16:00', // fine
      'sara,2026-03-30 08:00,2026-03-30 16:00',
      'bo,2026-03-16 12:00,2026-03-16 20:00', // overlaps the import before
    ].join('\n');
    const response = await as('admin', 'POST', SHIFT_IMPORT_PATH, { csv });
    expect(refusal(response)).toEqual({
      status: 400,
      error: 'invalid-request',
      message: '3 line(s) refused; nothing imported',
      issues: [
        { path: '2', message: 'bad-time' },
        { path: '4', message: 'not-counsellor' },
        { path: '5', message: 'overlap' },
      ],
    });
    expect(await list('2026-03-29T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual([]);

    const tooMany = ['brugernavn,start,slut', ...Array.from({ length: SHIFT_IMPORT_MAX_ROWS + 1 }, (_, index) => `anna,${new Date(Date.UTC(2028, 0, 1) + index * 3_600_000).toISOString()},${new Date(Date.UTC(2028, 0, 1) + (index + 1) * 3_600_000).toISOString()}`)].join('\n');
    expect(refusal(await as('admin', 'POST', SHIFT_IMPORT_PATH, { csv: tooMany }))).toMatchObject({ status: 400, issues: [{ path: String(SHIFT_IMPORT_MAX_ROWS + 2), message: 'too-many-rows' }] });
    expect(await list('2028-01-01T00:00:00Z', '2028-01-02T00:00:00Z')).toEqual([]);
    expect(await auditOf('shift.import')).toHaveLength(1);

    expect((await as('admin', 'POST', SHIFT_IMPORT_PATH, { csv: '' })).statusCode).toBe(400);
    expect((await as('admin', 'POST', SHIFT_IMPORT_PATH, { text: 'brugernavn,start,slut' })).statusCode).toBe(400);
  });
});
