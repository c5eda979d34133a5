import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SESSION_PATH } from '../../../shared/hub/accountsApi';
import { hubErrorBodySchema } from '../../../shared/hub/hubErrors';
import { SHIFT_LOGIN_PATH, shiftLoginResponseSchema } from '../../../shared/hub/shiftsApi';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { RecordingSipServer, counsellorOnShift, fastPresenceTuning, insertShift } from '../presence/testing/presenceTestKit';

describe.each(hubDatabaseEngines)('shift login on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: ReturnType<typeof testHubContext>;
  const sip = new RecordingSipServer();
  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db);
    app = await buildHub(context, { sip, presenceTuning: fastPresenceTuning });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const startShift = (token: string) => app.inject({ method: 'POST', url: SHIFT_LOGIN_PATH, headers: bearer(token) });
  const endShift = (token: string) => app.inject({ method: 'DELETE', url: SHIFT_LOGIN_PATH, headers: bearer(token) });
  const loginRow = async (id: string) =>
    (
      await db.query<{ ended_at: Date | null; end_reason: string | null; sip_ha1: string | null; sip_revoked_at: Date | null; sip_username: string }>(
        'SELECT ended_at, end_reason, sip_ha1, sip_revoked_at, sip_username FROM shift_logins WHERE id = $1',
        [id],
      )
    ).rows[0];
  const presenceState = async (userId: string) => (await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [userId])).rows[0]?.state;

  it('refuses a shift login outside any shift, and accepts one within the grace period before the start', async () => {
    const now = context.now();
    const early = await createTestUser(db, { role: 'counsellor' });
    await insertShift(db, early, now, 10, 240); // starts in 10 minutes: within the 15 minutes of grace
    const tooEarly = await createTestUser(db, { role: 'counsellor' });
    await insertShift(db, tooEarly, now, 20, 240);
    const over = await createTestUser(db, { role: 'counsellor' });
    await insertShift(db, over, now, -240, -1);
    const none = await createTestUser(db, { role: 'counsellor' });

    expect((await startShift(await loginToken(app, early, now))).statusCode).toBe(200);
    for (const user of [tooEarly, over, none]) {
      const refused = await startShift(await loginToken(app, user, now));
      expect(refused.statusCode).toBe(403);
      expect(hubErrorBodySchema.parse(refused.json()).error).toBe('outside-shift');
    }
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM shift_logins WHERE user_id = ANY($1::uuid[])', [[tooEarly.id, over.id, none.id]]);
    expect(rows[0]?.n).toBe(0);
  });

  it('issues fresh SIP credentials for the shift: the SIP server gets their HA1, the hub keeps it while the login lives, audited', async () => {
    const { user, login } = await counsellorOnShift(app, db, context.now());
    expect(login.sip?.username).toMatch(/^s[0-9a-f]{16}$/);
    expect(login.presence).toEqual({ heartbeatSeconds: 10, idleMinutes: 5, endWarningMinutes: 10 });
    const username = login.sip?.username ?? '';
    const ha1 = crypto.createHash('md5').update(`${username}:${sip.realm}:${login.sip?.password ?? ''}`).digest('hex');
    expect(sip.credentials.get(username)).toBe(ha1);
    expect(sip.register(username, login.sip?.password ?? '')).toBe(true);
    expect(sip.register(username, 'wrong')).toBe(false);
    expect((await loginRow(login.loginId))?.sip_ha1).toBe(ha1);
    expect(await presenceState(user.id)).toBe('offline');
    const { rows } = await db.query<{ actor_id: string; details: Record<string, unknown> }>(
      `SELECT actor_id::text AS actor_id, details FROM audit_log WHERE action = 'shift.login' AND target = $1`,
      [login.loginId],
    );
    expect(rows).toEqual([{ actor_id: user.id, details: { shiftId: login.shift.id, replaced: 0 } }]);
    // The password is answered once and stored nowhere.
    const { rows: stored } = await db.query('SELECT 1 FROM shift_logins WHERE sip_ha1 = $1 OR sip_username = $1', [login.sip?.password]);
    expect(stored).toEqual([]);
  });

  it('a second shift login replaces the first: the old credentials and registrations are gone at the SIP server', async () => {
    const first = await counsellorOnShift(app, db, context.now());
    const oldName = first.login.sip?.username ?? '';
    sip.register(oldName, first.login.sip?.password ?? '');
    const again = await startShift(await loginToken(app, first.user, context.now()));
    expect(again.statusCode).toBe(200);
    const second = shiftLoginResponseSchema.parse(again.json());
    expect(second.sip?.username).not.toBe(oldName);
    expect(await loginRow(first.login.loginId)).toMatchObject({ end_reason: 'replaced', sip_ha1: null });
    expect((await loginRow(first.login.loginId))?.sip_revoked_at).not.toBeNull();
    expect(sip.callsFor(oldName).slice(-2)).toEqual(['revoke', 'unregister']);
    expect(sip.credentials.has(oldName)).toBe(false);
    expect(sip.registrations.has(oldName)).toBe(false);
    expect(sip.credentials.has(second.sip?.username ?? '')).toBe(true);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM shift_logins WHERE user_id = $1 AND ended_at IS NULL', [first.user.id]);
    expect(rows[0]?.n).toBe(1);
  });

  it('DELETE ends the shift login: revoked and unregistered at the SIP server, presence offline, HA1 cleared, audited; again it is 204', async () => {
    const { user, token, login } = await counsellorOnShift(app, db, context.now());
    const username = login.sip?.username ?? '';
    sip.register(username, login.sip?.password ?? '');
    expect((await endShift(token)).statusCode).toBe(204);
    expect(await loginRow(login.loginId)).toMatchObject({ end_reason: 'logout', sip_ha1: null });
    expect(sip.callsFor(username).slice(-2)).toEqual(['revoke', 'unregister']);
    expect(sip.registrations.has(username)).toBe(false);
    expect(await presenceState(user.id)).toBe('offline');
    const { rows } = await db.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE action = 'shift.logout' AND target = $1`, [login.loginId]);
    expect(rows.map((row) => row.details)).toEqual([{ reason: 'logout', sessionRevoked: false }]);
    expect((await endShift(token)).statusCode).toBe(204);
    // The hub session itself lives on until the workstation ends it.
    expect((await app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode).toBe(200);
  });

  it('ending the hub session ends its shift login', async () => {
    const { token, login } = await counsellorOnShift(app, db, context.now());
    expect((await app.inject({ method: 'DELETE', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode).toBe(204);
    expect(await loginRow(login.loginId)).toMatchObject({ end_reason: 'session-ended', sip_ha1: null });
    expect(sip.credentials.has(login.sip?.username ?? '')).toBe(false);
  });

  it('is for counsellors only', async () => {
    const supervisor = await createTestUser(db, { role: 'supervisor' });
    await insertShift(db, supervisor, context.now(), -10, 60);
    const refused = await startShift(await loginToken(app, supervisor, context.now()));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'forbidden' });
    expect((await app.inject({ method: 'POST', url: SHIFT_LOGIN_PATH })).statusCode).toBe(401);
  });

  it('when the SIP server refuses the credentials there is no shift login; a revocation it misses is retried by the sweep', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    await insertShift(db, user, context.now(), -10, 60);
    const token = await loginToken(app, user, context.now());
    sip.down = true;
    try {
      const refused = await startShift(token);
      expect(refused.statusCode).toBe(500);
      expect(refused.json()).toMatchObject({ error: 'internal' });
    } finally {
      sip.down = false;
    }
    const { rows } = await db.query('SELECT 1 FROM shift_logins WHERE user_id = $1', [user.id]);
    expect(rows).toEqual([]);

    const login = shiftLoginResponseSchema.parse((await startShift(token)).json());
    sip.down = true;
    try {
      expect((await endShift(token)).statusCode).toBe(204);
      expect((await loginRow(login.loginId))?.sip_revoked_at).toBeNull();
    } finally {
      sip.down = false;
    }
    const deadline = Date.now() + 10_000;
    while ((await loginRow(login.loginId))?.sip_revoked_at == null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await loginRow(login.loginId))?.sip_revoked_at).not.toBeNull();
    expect(sip.credentials.has(login.sip?.username ?? '')).toBe(false);
  });
});

describe('shift login without a SIP server', () => {
  it('answers no SIP credentials', async () => {
    const db = await freshDatabase('pglite');
    const context = testHubContext(db);
    const app = await buildHub(context);
    try {
      const { login } = await counsellorOnShift(app, db, context.now());
      expect(login.sip).toBeNull();
    } finally {
      await app.close();
      await db.close();
    }
  });
});
