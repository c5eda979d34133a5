import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bearer, loginToken, totpNow } from '../../hub/testing/testAccounts';
import { SESSIONS_PATH, USER_SESSIONS_PATH, userPath } from '../../shared/hub/accountsApi';
import { forgetTestKeys, removeTemporaryDirectories, requireKeychain, temporaryDirectory, waitFor } from '../../electron/store/testing/storeTestKit';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';
import { startHub, type HubUnderTest } from '../testing/hubUnderTest';
import { startWorkstation, type WorkstationUnderTest } from '../testing/workstationUnderTest';

// Logging in at the workstation against the real hub (issue 6 point 2): passwords, one-time
// codes, roles, logout, and a session the hub ends. Run: scripts/with-keyring.sh npx vitest run integration

let hub: HubUnderTest;
let proxy: FaultProxy;
const running: WorkstationUnderTest[] = [];

beforeAll(async () => {
  await requireKeychain();
  hub = await startHub();
  proxy = await startFaultProxy(hub.url);
}, 60_000);

afterEach(async () => {
  proxy.set({ kind: 'forward' });
  for (const workstation of running.splice(0)) await workstation.dispose();
  await forgetTestKeys();
  removeTemporaryDirectories();
});

afterAll(async () => {
  await proxy?.close();
  await hub?.close();
});

async function workstation(hubUrl: string = proxy.url): Promise<WorkstationUnderTest> {
  const started = await startWorkstation({ hubUrl, dataDir: temporaryDirectory() });
  running.push(started);
  return started;
}

/** Every file in the workstation's data directory, as text. */
function filesOf(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1'))
    .join('\n');
}

describe('login against the real hub', () => {
  test('a counsellor logs in; the hub link shows online; the token stays in the main process', async () => {
    const station = await workstation();
    const user = await hub.user('counsellor');
    expect(await station.login(user)).toEqual({ ok: true, value: { status: 'active', role: 'counsellor', displayName: 'Test counsellor' } });
    expect(station.pushed('session:changed').at(-1)).toEqual({ status: 'active', role: 'counsellor', displayName: 'Test counsellor' });
    await waitFor(() => station.pushed('connection:changed').at(-1)?.hub === 'online', 'the hub link to show online');
    expect(await station.call('connection:get', {})).toMatchObject({ ok: true, value: { hub: 'online' } });

    // The session is used (the link probe proves it), and its token is nowhere the renderer or the disk could see.
    await waitFor(() => proxy.requests.some((request) => request.token !== null), 'a request with the token');
    const token = proxy.requests.find((request) => request.token !== null)?.token ?? '';
    expect(token.length).toBeGreaterThan(16);
    expect(JSON.stringify(station.events)).not.toContain(token);
    expect(station.log.text()).not.toContain(token);
    expect(filesOf(station.dataDir)).not.toContain(token);
  }, 30_000);

  test('wrong password or unknown user: auth-failed, still locked', async () => {
    const station = await workstation();
    const user = await hub.user('counsellor');
    expect(await station.call('session:login', { username: user.username, password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(await station.call('session:login', { username: 'nobody-here', password: 'whatever-it-is' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(await station.call('session:get', {})).toEqual({ ok: true, value: { status: 'locked' } });
  }, 30_000);

  test('a supervisor needs the one-time code: missing, wrong, malformed, then right', async () => {
    const station = await workstation();
    const user = await hub.user('supervisor');
    const secret = user.totpSecret ?? '';
    const credentials = { username: user.username, password: user.password };
    expect(await station.call('session:login', credentials)).toMatchObject({ ok: false, error: { code: 'auth-totp-required' } });
    const wrong = totpNow(secret) === '000000' ? '111111' : '000000';
    expect(await station.call('session:login', { ...credentials, totp: wrong })).toMatchObject({ ok: false, error: { code: 'auth-totp-invalid' } });
    expect(await station.call('session:login', { ...credentials, totp: '12ab' })).toMatchObject({ ok: false, error: { code: 'auth-totp-invalid' } });
    expect(await station.call('session:get', {})).toEqual({ ok: true, value: { status: 'locked' } });
    // Typed with a space in the middle, as people do.
    const code = totpNow(secret);
    expect(await station.call('session:login', { ...credentials, totp: `${code.slice(0, 3)} ${code.slice(3)}` })).toMatchObject({
      ok: true,
      value: { status: 'active', role: 'supervisor' },
    });
  }, 30_000);

  test('an administrator logs in with the administrator role', async () => {
    const station = await workstation();
    const user = await hub.user('administrator');
    expect(await station.login(user)).toMatchObject({ ok: true, value: { status: 'active', role: 'administrator' } });
  }, 30_000);

  test('logging out ends the session on the hub, too', async () => {
    const station = await workstation();
    const user = await hub.user('counsellor');
    await station.login(user);
    expect(await station.call('session:logout', {})).toEqual({ ok: true, value: { status: 'locked' } });
    await station.workstation.settled();
    const { rows } = await hub.db.query<{ live: number }>('SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    expect(rows[0]?.live).toBe(0);
    expect(proxy.requests.some((request) => request.method === 'DELETE' && request.path === '/api/v1/sessions/current')).toBe(true);
  }, 30_000);

  test('a session the hub revokes locks the workstation with a clear reason', async () => {
    const station = await workstation();
    const user = await hub.user('counsellor');
    await station.login(user);
    const admin = await hub.user('administrator');
    const adminToken = await loginToken(hub.app, admin);
    const revoked = await hub.app.inject({ method: 'DELETE', url: userPath(USER_SESSIONS_PATH, user.id), headers: bearer(adminToken) });
    expect(revoked.statusCode).toBe(200);
    // The next hub call with the token (here the link probe) gets 401: the workstation locks.
    await waitFor(() => station.pushed('session:changed').at(-1)?.status === 'locked', 'the workstation to lock', 10_000);
    expect(station.pushed('session:changed').at(-1)).toEqual({ status: 'locked', reason: 'session-expired' });
    expect(station.log.text()).toContain('the hub ended the session');
  }, 30_000);

  test('an unreachable hub: hub-unreachable, the link shows offline, and comes back online by itself', async () => {
    const station = await workstation();
    proxy.set({ kind: 'reset' });
    const user = await hub.user('counsellor');
    expect(await station.login(user)).toMatchObject({ ok: false, error: { code: 'hub-unreachable' } });
    await waitFor(() => station.pushed('connection:changed').at(-1)?.hub === 'offline', 'the hub link to show offline');
    proxy.set({ kind: 'forward' });
    await waitFor(() => station.pushed('connection:changed').at(-1)?.hub === 'online', 'the hub link to come back');
    expect(await station.login(user)).toMatchObject({ ok: true });
  }, 30_000);

  test('a hub that hangs on login: the login fails in time, never waits for ever', async () => {
    const station = await startWorkstation({
      hubUrl: proxy.url,
      dataDir: temporaryDirectory(),
      tuning: { timeouts: { loginMs: 400 } },
    });
    running.push(station);
    proxy.set({ kind: 'hang' }, SESSIONS_PATH);
    const started = Date.now();
    expect(await station.login(await hub.user('counsellor'))).toMatchObject({ ok: false, error: { code: 'hub-unreachable' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 30_000);
});

describe('login rate limit', () => {
  let strict: HubUnderTest;
  beforeAll(async () => {
    strict = await startHub({ loginAttemptsPerMinute: 2 });
  }, 60_000);
  afterAll(async () => {
    await strict?.close();
  });

  test('too many attempts: auth-rate-limited', async () => {
    const station = await workstation(strict.url);
    const user = await strict.user('counsellor');
    const attempt = () => station.call('session:login', { username: user.username, password: 'wrong-password' });
    expect(await attempt()).toMatchObject({ error: { code: 'auth-failed' } });
    expect(await attempt()).toMatchObject({ error: { code: 'auth-failed' } });
    expect(await attempt()).toMatchObject({ error: { code: 'auth-rate-limited' } });
  }, 30_000);
});
