import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PATH } from '../../../shared/hub/auditApi';
import { CURRENT_SESSION_PATH, SESSIONS_PATH, USERS_PATH, USER_DISABLE_PATH, USER_SESSIONS_PATH, userPath } from '../../../shared/hub/accountsApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { createAccounts } from './accounts';
import { createAuditLog } from '../audit/auditLog';
import { tokenHashOf } from './sessionStore';

const HOUR_MS = 3_600_000;

describe.each(hubDatabaseEngines)('hub sessions on %s', (engine) => {
  let db: Database;
  let context: ReturnType<typeof testHubContext>;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db);
    app = await buildHub(context);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const current = (token: string) => app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(token) });

  it('ends a session after policy.accounts.sessionHours, by the hub clock', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user, context.now());
    context.moveClock(11.9 * HOUR_MS);
    try {
      expect((await current(token)).statusCode).toBe(200);
      context.moveClock(0.2 * HOUR_MS);
      const expired = await current(token);
      expect(expired.statusCode).toBe(401);
      expect(expired.json<HubErrorBody>().error).toBe('unauthenticated');
    } finally {
      context.moveClock(-12.1 * HOUR_MS);
    }
  });

  it('logs out: 204, the token stops working, and the logout is audited', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user);
    const other = await loginToken(app, user);
    const logout = await app.inject({ method: 'DELETE', url: CURRENT_SESSION_PATH, headers: bearer(token) });
    expect(logout.statusCode).toBe(204);
    expect((await current(token)).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode).toBe(401);
    expect((await current(other)).statusCode).toBe(200);
    const { rows } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE actor_id = $1 ORDER BY seq', [user.id]);
    expect(rows.map((row) => row.action)).toEqual(['session.login', 'session.login', 'session.logout']);
  });

  it("ends all of a user's sessions when an administrator revokes them or disables the user", async () => {
    const admin = await createTestUser(db, { role: 'administrator' });
    const adminToken = await loginToken(app, admin);
    const user = await createTestUser(db, { role: 'counsellor' });
    const first = await loginToken(app, user);
    const second = await loginToken(app, user);

    const revoke = await app.inject({ method: 'DELETE', url: userPath(USER_SESSIONS_PATH, user.id), headers: bearer(adminToken) });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toEqual({ revoked: 2 });
    expect((await current(first)).statusCode).toBe(401);
    expect((await current(second)).statusCode).toBe(401);
    const { rows } = await db.query<{ actor_id: string; target: string; details: object }>(
      `SELECT actor_id::text AS actor_id, target, details FROM audit_log WHERE action = 'session.revoked'`,
    );
    expect(rows).toEqual([{ actor_id: admin.id, target: user.id, details: { sessionsRevoked: 2 } }]);

    const later = await createTestUser(db, { role: 'supervisor' });
    const laterToken = await loginToken(app, later);
    expect((await current(laterToken)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: userPath(USER_DISABLE_PATH, later.id), headers: bearer(adminToken) });
    expect((await current(laterToken)).statusCode).toBe(401);
  });

  it('refuses a session whose user was disabled behind its back', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user);
    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    expect((await current(token)).statusCode).toBe(401);
  });

  it('stores only the hash of a token', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user);
    const { rows } = await db.query<{ token_hash: string; whole: string }>('SELECT token_hash, s::text AS whole FROM sessions s WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(tokenHashOf(token));
    expect(rows[0]?.whole).not.toContain(token);
  });

  it('answers 401 without a valid session and 403 for the wrong role', async () => {
    const counsellor = await createTestUser(db, { role: 'counsellor' });
    const supervisor = await createTestUser(db, { role: 'supervisor' });
    const counsellorToken = await loginToken(app, counsellor);
    const supervisorToken = await loginToken(app, supervisor);

    const cases: [string, Record<string, string>, number][] = [
      [CURRENT_SESSION_PATH, {}, 401],
      [CURRENT_SESSION_PATH, { authorization: 'Bearer not-a-real-token-at-all' }, 401],
      [CURRENT_SESSION_PATH, { authorization: counsellorToken }, 401],
      [USERS_PATH, {}, 401],
      [USERS_PATH, bearer(counsellorToken), 403],
      [USERS_PATH, bearer(supervisorToken), 403],
      [AUDIT_PATH, bearer(supervisorToken), 403],
      [AUDIT_PATH, bearer(counsellorToken), 403],
    ];
    for (const [url, headers, status] of cases) {
      const response = await app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(status);
      expect(response.json<HubErrorBody>().error).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
    }
    const createAsSupervisor = await app.inject({ method: 'POST', url: USERS_PATH, headers: bearer(supervisorToken), payload: {} });
    expect(createAsSupervisor.statusCode).toBe(403);
  });

  it('deletes sessions that ended more than policy.retention.sessionDays ago', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    await loginToken(app, user);
    const loggedOut = await loginToken(app, user);
    await app.inject({ method: 'DELETE', url: CURRENT_SESSION_PATH, headers: bearer(loggedOut) });
    const accounts = createAccounts(context, createAuditLog(context));
    const count = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM sessions WHERE user_id = $1', [user.id])).rows[0]?.n ?? -1;

    context.moveClock(29 * 24 * HOUR_MS);
    try {
      await accounts.purgeEndedSessions();
      expect(await count()).toBe(2);
      // The logged-out one ended just over 30 days ago; the other expired 12 hours after it began.
      context.moveClock(1.1 * 24 * HOUR_MS);
      await accounts.purgeEndedSessions();
      expect(await count()).toBe(1);
      context.moveClock(0.5 * 24 * HOUR_MS);
      await accounts.purgeEndedSessions();
      expect(await count()).toBe(0);
    } finally {
      context.moveClock(-30.6 * 24 * HOUR_MS);
    }
  });

  it('hands a client its token only in the login answer', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user);
    expect((await current(token)).body).not.toContain(token);
    const again = await app.inject({ method: 'POST', url: SESSIONS_PATH, payload: { username: user.username, password: user.password }, remoteAddress: '127.9.9.9' });
    expect(again.body).not.toContain(token);
  });
});
