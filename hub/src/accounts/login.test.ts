import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SESSION_PATH, SESSIONS_PATH, loginResponseSchema } from '../../../shared/hub/accountsApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, testHubContext, totpNow, type TestUser } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { defaultHubPolicy, type HubPolicy } from '../policy/hubPolicy';
import { TOTP_PERIOD_MS } from './totp';

let clientNumber = 0;
/** Each login from its own address unless a test says otherwise: the per-client limit is tested on its own. */
const nextClient = (): string => `127.0.${Math.floor(++clientNumber / 250)}.${(clientNumber % 250) + 1}`;

function login(app: FastifyInstance, payload: unknown, remoteAddress = nextClient()) {
  return app.inject({ method: 'POST', url: SESSIONS_PATH, payload: payload as object, remoteAddress });
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  details: Record<string, unknown>;
}

async function auditSince(db: Database, seq: number): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>('SELECT action, actor_id::text AS actor_id, details FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);
  return rows;
}

async function lastSeq(db: Database): Promise<number> {
  const { rows } = await db.query<{ seq: number | null }>('SELECT max(seq)::integer AS seq FROM audit_log');
  return rows[0]?.seq ?? 0;
}

describe.each(hubDatabaseEngines)('hub login on %s', (engine) => {
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

  const withCode = (user: TestUser, at = context.now()) => ({ username: user.username, password: user.password, totp: totpNow(user.totpSecret ?? '', at) });

  it('logs a user in with password and code, and the token opens the session', async () => {
    const user = await createTestUser(db, { role: 'supervisor' });
    const before = await lastSeq(db);
    const response = await login(app, withCode(user));
    expect(response.statusCode).toBe(200);
    const body = loginResponseSchema.parse(response.json());
    expect(body.user).toEqual({ id: user.id, username: user.username, displayName: 'Test supervisor', role: 'supervisor' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expiresAt) - context.now().getTime()).toBeGreaterThan(11.9 * 3_600_000);

    const current = await app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(body.token) });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual(body.user);
    expect(await auditSince(db, before)).toEqual([{ action: 'session.login', actor_id: user.id, details: { totp: true } }]);
  });

  it('accepts the user name in any letter case', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const response = await login(app, { ...withCode(user), username: user.username.toUpperCase() });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike, and records neither the typed name nor the password', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const before = await lastSeq(db);
    const wrongPassword = await login(app, { ...withCode(user), password: 'not-the-password-1' });
    const typedName = 'my-secret-password-in-the-name-field';
    const unknownUser = await login(app, { username: typedName, password: 'whatever-it-is-2', totp: '123456' });

    for (const response of [wrongPassword, unknownUser]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'invalid-credentials', message: 'wrong user name or password' } satisfies HubErrorBody);
    }
    expect(await auditSince(db, before)).toEqual([
      { action: 'session.login-failed', actor_id: user.id, details: { reason: 'password' } },
      { action: 'session.login-failed', actor_id: null, details: { reason: 'unknown-user' } },
    ]);
    const { rows } = await db.query<{ found: number }>(
      `SELECT count(*)::integer AS found FROM audit_log a WHERE a::text ILIKE '%' || $1 || '%' OR a::text LIKE '%whatever-it-is%' OR a::text LIKE '%not-the-password%'`,
      [typedName],
    );
    expect(rows[0]?.found).toBe(0);
    expect(context.log.lines.join('\n')).not.toContain(typedName);
  });

  it('spends as long on an unknown user as on a wrong password (a dummy hash is checked)', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const timed = async (payload: object): Promise<number> => {
      const started = process.hrtime.bigint();
      expect((await login(app, payload)).statusCode).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await timed({ username: user.username, password: `wrong-password-${i}` }));
      unknown.push(await timed({ username: `nobody-${i}`, password: `wrong-password-${i}` }));
    }
    // Without the dummy check an unknown name answers in a few ms, a known one after argon2 (tens of ms).
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('refuses a disabled user as if the password were wrong', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    const before = await lastSeq(db);
    const response = await login(app, withCode(user));
    expect(response.statusCode).toBe(401);
    expect(response.json<HubErrorBody>().error).toBe('invalid-credentials');
    expect(await auditSince(db, before)).toEqual([{ action: 'session.login-failed', actor_id: user.id, details: { reason: 'disabled' } }]);
  });

  it('asks for the code only once the password is right', async () => {
    const user = await createTestUser(db, { role: 'administrator' });
    const noCodeWrongPassword = await login(app, { username: user.username, password: 'not-the-password-3' });
    expect(noCodeWrongPassword.statusCode).toBe(401);
    expect(noCodeWrongPassword.json<HubErrorBody>().error).toBe('invalid-credentials');

    const before = await lastSeq(db);
    const noCode = await login(app, { username: user.username, password: user.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json<HubErrorBody>().error).toBe('totp-required');
    expect(await auditSince(db, before)).toEqual([{ action: 'session.login-failed', actor_id: user.id, details: { reason: 'totp-missing' } }]);
  });

  it('refuses a wrong code, and a right code used a second time', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const right = totpNow(user.totpSecret ?? '', context.now());
    const wrong = right === '000000' ? '000001' : '000000';
    const before = await lastSeq(db);

    const wrongCode = await login(app, { username: user.username, password: user.password, totp: wrong });
    expect(wrongCode.statusCode).toBe(401);
    expect(wrongCode.json<HubErrorBody>().error).toBe('totp-invalid');
    expect((await login(app, { username: user.username, password: user.password, totp: right })).statusCode).toBe(200);
    const replay = await login(app, { username: user.username, password: user.password, totp: right });
    expect(replay.statusCode).toBe(401);
    expect(replay.json<HubErrorBody>().error).toBe('totp-invalid');

    expect((await auditSince(db, before)).map((row) => [row.action, row.details.reason ?? null])).toEqual([
      ['session.login-totp-failed', 'invalid'],
      ['session.login', null],
      ['session.login-totp-failed', 'reused'],
    ]);
  });

  it('accepts a code one step either side of now and refuses one two steps away, and no earlier step after a later one', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    // To the middle of a step, so that no step boundary passes between making a code and checking it.
    context.moveClock(TOTP_PERIOD_MS / 2 - (context.now().getTime() % TOTP_PERIOD_MS));
    const at = (steps: number) => new Date(context.now().getTime() + steps * TOTP_PERIOD_MS);
    const tryCode = (steps: number) => login(app, withCode(user, at(steps)));
    expect((await tryCode(-2)).statusCode).toBe(401);
    expect((await tryCode(2)).statusCode).toBe(401);
    expect((await tryCode(-1)).statusCode).toBe(200);
    expect((await tryCode(1)).statusCode).toBe(200);
    // The step before the last one used is refused even though it is inside the window.
    expect((await tryCode(0)).json<HubErrorBody>().error).toBe('totp-invalid');
  });

  it('refuses malformed logins with 400 in the hub error format', async () => {
    const bad: unknown[] = [{ username: 'anna' }, { username: 'anna', password: 'x', totp: '12ab56' }, { username: 'anna', password: 'x', role: 'administrator' }, { username: 7, password: 'x' }, []];
    for (const payload of bad) {
      const response = await login(app, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<HubErrorBody>().error).toBe('invalid-request');
    }
    const notJson = await app.inject({ method: 'POST', url: SESSIONS_PATH, payload: '{"username":', headers: { 'content-type': 'application/json' }, remoteAddress: nextClient() });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<HubErrorBody>().error).toBe('invalid-request');
  });
});

describe.each(hubDatabaseEngines)('second factor by role and policy on %s', (engine) => {
  let db: Database;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    db = await freshDatabase(engine);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.close();
  });
  const hubWith = async (accounts: Partial<HubPolicy['accounts']>) => {
    const context = testHubContext(db, { ...defaultHubPolicy, accounts: { ...defaultHubPolicy.accounts, ...accounts } });
    const app = await buildHub(context);
    apps.push(app);
    return app;
  };

  it('never lets a supervisor or administrator without TOTP in, even under a loose counsellor policy', async () => {
    const app = await hubWith({ counsellorTotp: 'optional' });
    for (const role of ['supervisor', 'administrator'] as const) {
      const user = await createTestUser(db, { role, totp: false });
      const response = await login(app, { username: user.username, password: user.password, totp: '123456' });
      expect(response.statusCode).toBe(403);
      expect(response.json<HubErrorBody>().error).toBe('forbidden');
    }
  });

  it('needs TOTP for counsellors by default, and lets one without it in only when the policy makes it optional', async () => {
    const user = await createTestUser(db, { role: 'counsellor', totp: false });
    const strict = await login(await hubWith({}), { username: user.username, password: user.password });
    expect(strict.statusCode).toBe(403);
    const loose = await login(await hubWith({ counsellorTotp: 'optional' }), { username: user.username, password: user.password });
    expect(loose.statusCode).toBe(200);
  });

  it('still asks an enrolled counsellor for the code under the optional policy', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const response = await login(await hubWith({ counsellorTotp: 'optional' }), { username: user.username, password: user.password });
    expect(response.json<HubErrorBody>().error).toBe('totp-required');
  });

  it('limits login attempts per user name across clients and per client across names, with 429 rate-limited', async () => {
    const app = await hubWith({ loginAttemptsPerMinute: 3 });
    const user = await createTestUser(db, { role: 'counsellor' });
    const attempt = (username: string, client: string) => login(app, { username, password: 'wrong-password-x' }, client);

    for (let i = 0; i < 3; i++) expect((await attempt(user.username, `127.1.0.${i + 1}`)).statusCode).toBe(401);
    const limited = await attempt(user.username.toUpperCase(), '127.1.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate-limited', message: 'too many login attempts; try again later' } satisfies HubErrorBody);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits: the limit is on attempts, not failures.
    expect((await login(app, { username: user.username, password: user.password }, '127.1.0.10')).statusCode).toBe(429);

    for (let i = 0; i < 3; i++) expect((await attempt(`someone-${i}`, '127.2.0.1')).statusCode).toBe(401);
    const byClient = await attempt('someone-else', '127.2.0.1');
    expect(byClient.statusCode).toBe(429);
    expect(byClient.json<HubErrorBody>().error).toBe('rate-limited');
    // Another client with another name is not affected.
    expect((await attempt('someone-new', '127.3.0.1')).statusCode).toBe(401);
  });
});
