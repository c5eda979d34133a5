import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CURRENT_SESSION_PATH,
  SESSIONS_PATH,
  USERS_PATH,
  USER_DISABLE_PATH,
  USER_PASSWORD_PATH,
  USER_SESSIONS_PATH,
  USER_TOTP_PATH,
  createUserResponseSchema,
  disableUserResponseSchema,
  totpEnrolmentResponseSchema,
  userPath,
  usersResponseSchema,
} from '../../../shared/hub/accountsApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, loginToken, testHubContext, totpNow, type TestUser } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';

let clientNumber = 0;
const nextClient = (): string => `127.4.${Math.floor(++clientNumber / 250)}.${(clientNumber % 250) + 1}`;

describe.each(hubDatabaseEngines)('user management on %s', (engine) => {
  let db: Database;
  let context: ReturnType<typeof testHubContext>;
  let app: FastifyInstance;
  let admin: TestUser;
  let adminToken: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db);
    app = await buildHub(context);
    admin = await createTestUser(db, { role: 'administrator' });
    adminToken = await loginToken(app, admin);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const asAdmin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(adminToken), ...(payload ? { payload } : {}) });
  const login = (payload: object) => app.inject({ method: 'POST', url: SESSIONS_PATH, payload, remoteAddress: nextClient() });
  const auditOf = async (action: string) =>
    (await db.query<{ actor_id: string | null; target: string | null; details: object }>(
      'SELECT actor_id::text AS actor_id, target, details FROM audit_log WHERE action = $1 ORDER BY seq',
      [action],
    )).rows;

  it('creates a user whose TOTP secret is shown once and works in an authenticator', async () => {
    const password = 'a long enough password';
    const response = await asAdmin('POST', USERS_PATH, { username: 'Birgitte.H', displayName: '  Birgitte Hansen ', role: 'supervisor', password });
    expect(response.statusCode).toBe(201);
    const { user, totp } = createUserResponseSchema.parse(response.json());
    expect(user).toMatchObject({ username: 'birgitte.h', displayName: 'Birgitte Hansen', role: 'supervisor', totpEnrolled: true, disabledAt: null });
    expect(totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totp.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(totp.secret);
    expect(uri.searchParams.get('issuer')).toBe('Tavs');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');

    const loggedIn = await login({ username: 'birgitte.h', password, totp: totpNow(totp.secret, context.now()) });
    expect(loggedIn.statusCode).toBe(200);

    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await auditOf('user.create')).toContainEqual({ actor_id: admin.id, target: user.id, details: { username: 'birgitte.h', role: 'supervisor' } });
    const audit = await db.query<{ whole: string }>('SELECT string_agg(a::text, \' \') AS whole FROM audit_log a');
    expect(audit.rows[0]?.whole).not.toContain(password);
    expect(audit.rows[0]?.whole).not.toContain(totp.secret);

    const list = usersResponseSchema.parse((await asAdmin('GET', USERS_PATH)).json());
    expect(list.users.map((listed) => listed.username)).toContain('birgitte.h');
    expect(JSON.stringify(list)).not.toMatch(/argon2|secret|password/i);
  });

  it('refuses a second user of the same name in another letter case with 409', async () => {
    const payload = { username: 'jens', displayName: 'Jens', role: 'counsellor', password: 'twelve chars ok' };
    expect((await asAdmin('POST', USERS_PATH, payload)).statusCode).toBe(201);
    const again = await asAdmin('POST', USERS_PATH, { ...payload, username: 'JENS' });
    expect(again.statusCode).toBe(409);
    expect(again.json<HubErrorBody>().error).toBe('conflict');
  });

  it('refuses malformed users with 400 and says where', async () => {
    const good = { username: 'karen', displayName: 'Karen', role: 'counsellor', password: 'twelve chars ok' };
    const bad: [object, string][] = [
      [{ ...good, password: 'elevenchars' }, 'password'],
      [{ ...good, username: 'karen smith' }, 'username'],
      [{ ...good, username: 'k'.repeat(65) }, 'username'],
      [{ ...good, username: '' }, 'username'],
      [{ ...good, role: 'root' }, 'role'],
      [{ ...good, displayName: '   ' }, 'displayName'],
      [{ ...good, extra: true }, ''],
    ];
    for (const [payload, path] of bad) {
      const response = await asAdmin('POST', USERS_PATH, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const body = response.json<HubErrorBody>();
      expect(body.error).toBe('invalid-request');
      expect(body.issues?.map((issue) => issue.path)).toContain(path);
      expect(response.body).not.toContain('elevenchars');
    }
    expect((await asAdmin('POST', userPath(USER_PASSWORD_PATH, 'not-a-uuid'), { password: 'twelve chars ok' })).statusCode).toBe(400);
  });

  it('resets a password: the old one stops working, the new one works, the sessions end', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, user);
    const reset = await asAdmin('POST', userPath(USER_PASSWORD_PATH, user.id), { password: 'the brand new password' });
    expect(reset.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode).toBe(401);
    expect((await login({ username: user.username, password: user.password })).json<HubErrorBody>().error).toBe('invalid-credentials');
    expect((await loginToken(app, { ...user, password: 'the brand new password' })).length).toBeGreaterThan(0);
    expect(await auditOf('user.password-reset')).toContainEqual({ actor_id: admin.id, target: user.id, details: { sessionsRevoked: 1 } });
    expect((await asAdmin('POST', userPath(USER_PASSWORD_PATH, user.id), { password: 'short' })).statusCode).toBe(400);
  });

  it('enrols a new TOTP secret: codes of the old one stop working', async () => {
    const user = await createTestUser(db, { role: 'supervisor' });
    const response = await asAdmin('POST', userPath(USER_TOTP_PATH, user.id));
    expect(response.statusCode).toBe(200);
    const { totp } = totpEnrolmentResponseSchema.parse(response.json());
    expect(totp.secret).not.toBe(user.totpSecret);
    const old = await login({ username: user.username, password: user.password, totp: totpNow(user.totpSecret ?? '', context.now()) });
    expect(old.json<HubErrorBody>().error).toBe('totp-invalid');
    expect((await login({ username: user.username, password: user.password, totp: totpNow(totp.secret, context.now()) })).statusCode).toBe(200);
    expect(await auditOf('user.totp-enrol')).toContainEqual({ actor_id: admin.id, target: user.id, details: { sessionsRevoked: 0 } });
  });

  it('disables a user, who can no longer log in; an administrator cannot disable themselves', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const response = await asAdmin('POST', userPath(USER_DISABLE_PATH, user.id));
    expect(response.statusCode).toBe(200);
    expect(disableUserResponseSchema.parse(response.json()).user.disabledAt).not.toBeNull();
    const refused = await login({ username: user.username, password: user.password, totp: totpNow(user.totpSecret ?? '', context.now()) });
    expect(refused.json<HubErrorBody>().error).toBe('invalid-credentials');
    expect(await auditOf('user.disable')).toContainEqual({ actor_id: admin.id, target: user.id, details: { sessionsRevoked: 0 } });

    const self = await asAdmin('POST', userPath(USER_DISABLE_PATH, admin.id));
    expect(self.statusCode).toBe(409);
  });

  it('answers 404 for a user that does not exist', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const [method, template] of [['POST', USER_TOTP_PATH], ['POST', USER_DISABLE_PATH], ['DELETE', USER_SESSIONS_PATH]] as const) {
      const response = await asAdmin(method, userPath(template, nobody));
      expect(response.statusCode, template).toBe(404);
      expect(response.json<HubErrorBody>().error).toBe('not-found');
    }
    expect((await asAdmin('POST', userPath(USER_PASSWORD_PATH, nobody), { password: 'twelve chars ok' })).statusCode).toBe(404);
  });
});
