import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SESSION_PATH } from '../../../shared/hub/accountsApi';
import {
  BOARD_LOGOUT_PATH,
  BOARD_PATH,
  BOARD_STATE_PATH,
  PRESENCE_SOCKET_PATH,
  boardCommandResponseSchema,
  boardCounsellorPath,
  boardSnapshotSchema,
  presenceCloseCodes,
  type BoardLogoutRequest,
  type BoardStateRequest,
} from '../../../shared/hub/presenceApi';
import { SHIFT_LOGIN_PATH } from '../../../shared/hub/shiftsApi';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import {
  RecordingSipServer,
  TestSocket,
  boardShowing,
  counsellorOnShift,
  eventually,
  fastPresencePolicy,
  fastPresenceTuning,
  insertShift,
  openBoard,
  openPresence,
  wsUrl,
  type OnShift,
} from './testing/presenceTestKit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(hubDatabaseEngines)('presence, the supervisor board and its orders on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: ReturnType<typeof testHubContext>;
  let baseUrl: string;
  let supervisorToken: string;
  const sip = new RecordingSipServer();
  const opened: TestSocket[] = [];

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db, fastPresencePolicy);
    app = await buildHub(context, { sip, presenceTuning: fastPresenceTuning });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    supervisorToken = await loginToken(app, await createTestUser(db, { role: 'supervisor' }));
  });
  afterAll(async () => {
    for (const socket of opened) socket.close();
    await app.close();
    await db.close();
  });

  const onShift = () => counsellorOnShift(app, db, context.now());
  const presence = async (token: string) => remember(await openPresence(baseUrl, token));
  const board = async () => remember(await openBoard(baseUrl, supervisorToken));
  const remember = (socket: TestSocket): TestSocket => (opened.push(socket), socket);
  const logout = (userId: string, body: BoardLogoutRequest, token = supervisorToken) =>
    app.inject({ method: 'POST', url: boardCounsellorPath(BOARD_LOGOUT_PATH, userId), headers: bearer(token), payload: body });
  const setState = (userId: string, body: BoardStateRequest, token = supervisorToken) =>
    app.inject({ method: 'POST', url: boardCounsellorPath(BOARD_STATE_PATH, userId), headers: bearer(token), payload: body });
  const loginRow = async (id: string) =>
    (await db.query<{ end_reason: string | null; sip_revoked_at: Date | null }>('SELECT end_reason, sip_revoked_at FROM shift_logins WHERE id = $1', [id])).rows[0];
  const sessionStatus = async (token: string) => (await app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode;
  const auditOf = async (action: string, target: string) =>
    (await db.query<{ actor_id: string | null; details: Record<string, unknown> }>(
      'SELECT actor_id::text AS actor_id, details FROM audit_log WHERE action = $1 AND target = $2 ORDER BY seq',
      [action, target],
    )).rows;
  /** Heartbeats every 300 ms until the returned function is called. */
  const keepAlive = (socket: TestSocket): (() => void) => {
    let seq = 0;
    const timer = setInterval(() => socket.ws.readyState === socket.ws.OPEN && socket.send({ type: 'heartbeat', seq: seq++ }), 300);
    return () => clearInterval(timer);
  };

  it('states reported on the presence socket reach the board socket within a second', async () => {
    const counsellor = await onShift();
    const live = await board();
    const socket = await presence(counsellor.token);
    socket.send({ type: 'state', state: 'available', awayReason: null });
    await boardShowing(live, counsellor.user.id, 'available');

    for (const state of ['ringing', 'in-call', 'wrap-up'] as const) {
      live.clear();
      socket.send({ type: 'state', state });
      await boardShowing(live, counsellor.user.id, state, 1_000);
    }
    socket.send({ type: 'state', state: 'away', awayReason: 'break' });
    const away = await boardShowing(live, counsellor.user.id, 'away', 1_000);
    expect(away.counsellors.find((row) => row.userId === counsellor.user.id)).toMatchObject({ awayReason: 'break', pendingLogout: null, displayName: 'Test counsellor' });

    socket.send({ type: 'heartbeat', seq: 41 });
    expect(await socket.next((message) => message.type === 'heartbeat-ack')).toEqual({ type: 'heartbeat-ack', seq: 41 });
    expect(await socket.next((message) => message.type === 'welcome')).toEqual({ type: 'welcome', heartbeatSeconds: 1 });

    const snapshot = boardSnapshotSchema.parse((await app.inject({ method: 'GET', url: BOARD_PATH, headers: bearer(supervisorToken) })).json());
    expect(snapshot.counsellors.find((row) => row.userId === counsellor.user.id)).toMatchObject({
      state: 'away',
      shift: { startsAt: expect.any(String) as string, endsAt: expect.any(String) as string },
    });
    // The hub's own chat broker: nobody waiting for a chat.
    expect(snapshot.queue).toEqual({ calls: 2, chats: 0 });
    expect(snapshot.chat).toEqual({ waiting: 0, longestWaitSeconds: null, active: 0 });
    expect(snapshot.alerts).toEqual([]);
    expect(snapshot.today).toEqual({ answered: 7, missed: 1 });
  });

  it('a workstation that stops heartbeating is marked lost and its socket closed; one that heartbeats stays', async () => {
    const silent = await onShift();
    const steady = await onShift();
    const live = await board();
    const silentSocket = await presence(silent.token);
    const steadySocket = await presence(steady.token);
    const stop = keepAlive(steadySocket);
    try {
      silentSocket.send({ type: 'state', state: 'available', awayReason: null });
      steadySocket.send({ type: 'state', state: 'available', awayReason: null });
      expect((await silentSocket.closed).code).toBe(presenceCloseCodes.lost);
      const snapshot = await boardShowing(live, silent.user.id, 'lost');
      expect(snapshot.counsellors.find((row) => row.userId === steady.user.id)?.state).toBe('available');
      await sleep(1_000);
      expect(steadySocket.ws.readyState).toBe(steadySocket.ws.OPEN);
    } finally {
      stop();
    }
    // It comes back by reconnecting and reporting.
    const again = await presence(silent.token);
    again.send({ type: 'state', state: 'available', awayReason: null });
    await boardShowing(live, silent.user.id, 'available');
    again.close();
  });

  it('a newer socket of the same shift login replaces the older; the socket of an ended shift login is closed', async () => {
    const counsellor = await onShift();
    const first = await presence(counsellor.token);
    const second = await presence(counsellor.token);
    expect((await first.closed).code).toBe(presenceCloseCodes.replaced);
    second.send({ type: 'heartbeat', seq: 1 });
    await second.next((message) => message.type === 'heartbeat-ack');

    const live = await board();
    expect((await app.inject({ method: 'DELETE', url: SHIFT_LOGIN_PATH, headers: bearer(counsellor.token) })).statusCode).toBe(204);
    expect((await second.closed).code).toBe(presenceCloseCodes.shiftEnded);
    await boardShowing(live, counsellor.user.id, 'offline');
  });

  it('refuses the upgrade without a session, for other roles, and without a live shift login', async () => {
    const url = wsUrl(baseUrl, PRESENCE_SOCKET_PATH);
    await expect(TestSocket.open(url, null)).rejects.toThrow('refused 401');
    await expect(TestSocket.open(url, 'x'.repeat(43))).rejects.toThrow('refused 401');
    await expect(TestSocket.open(url, supervisorToken)).rejects.toThrow('refused 403');
    const notOnShift = await createTestUser(db, { role: 'counsellor' });
    await expect(TestSocket.open(url, await loginToken(app, notOnShift, context.now()))).rejects.toThrow('refused 403');
    const counsellor = await onShift();
    await expect(openBoard(baseUrl, counsellor.token)).rejects.toThrow('refused 403');
  });

  it('closes a socket that sends anything malformed with 4004, and nothing else is affected', async () => {
    const good = await onShift();
    const bad = await onShift();
    const live = await board();
    const goodSocket = await presence(good.token);
    goodSocket.send({ type: 'state', state: 'in-chat' });
    await boardShowing(live, good.user.id, 'in-chat');
    const first = await presence(bad.token);
    first.send({ type: 'state', state: 'available', awayReason: null });
    await boardShowing(live, bad.user.id, 'available');
    first.close();
    await first.closed;

    const junk: (string | Buffer)[] = [
      'not json',
      '{"type":"state","state":"lost"}',
      '{"type":"state","state":"offline"}',
      '{"type":"heartbeat","seq":-1}',
      '{"type":"heartbeat","seq":1,"extra":true}',
      '{"type":"command-ack","commandId":"not-a-uuid"}',
      '{"type":"set-state","state":"away"}',
      JSON.stringify({ type: 'state', state: 'available', awayReason: null, pad: 'x'.repeat(5_000) }),
      Buffer.from([1, 2, 3]),
    ];
    for (const message of junk) {
      const socket = await presence(bad.token);
      socket.ws.send(message);
      expect((await socket.closed).code).toBe(presenceCloseCodes.invalidMessage);
    }
    // The board socket takes no messages at all.
    const noisy = await board();
    noisy.ws.send('{"type":"board"}');
    expect((await noisy.closed).code).toBe(presenceCloseCodes.invalidMessage);

    goodSocket.send({ type: 'heartbeat', seq: 9 });
    await goodSocket.next((message) => message.type === 'heartbeat-ack' && message.seq === 9);
    const { rows } = await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [bad.user.id]);
    expect(rows[0]?.state).toBe('available');
    expect(live.ws.readyState).toBe(live.ws.OPEN);
  });

  it('a logout the workstation acknowledges is left to it: nothing is forced, and it ends the shift itself', async () => {
    const counsellor = await onShift();
    const socket = await presence(counsellor.token);
    const stop = keepAlive(socket);
    try {
      socket.send({ type: 'state', state: 'in-call' });
      const live = await board();
      await boardShowing(live, counsellor.user.id, 'in-call');
      const response = await logout(counsellor.user.id, { reason: 'shift-over', mode: 'after-work' });
      expect(response.statusCode).toBe(202);
      const { commandId } = boardCommandResponseSchema.parse(response.json());
      expect(await socket.next((message) => message.type === 'logout')).toEqual({ type: 'logout', commandId, mode: 'after-work', reason: 'shift-over', note: null });
      socket.send({ type: 'command-ack', commandId });

      const pending = await live.next<{ board: unknown }>((message) => JSON.stringify(message).includes(commandId));
      expect(boardSnapshotSchema.parse(pending.board).counsellors.find((row) => row.userId === counsellor.user.id)?.pendingLogout).toEqual({
        commandId, by: 'supervisor', mode: 'after-work', reason: 'shift-over', note: null,
      });
      // Well past logoutConfirmSeconds: still working (in the call), session valid, nothing forced.
      await sleep(fastPresencePolicy.shifts.logoutConfirmSeconds * 1000 + 1_500);
      expect(await loginRow(counsellor.login.loginId)).toMatchObject({ end_reason: null });
      expect(await sessionStatus(counsellor.token)).toBe(200);
      const { rows } = await db.query<{ acknowledged_at: Date | null; forced_at: Date | null }>('SELECT acknowledged_at, forced_at FROM presence_commands WHERE id = $1', [commandId]);
      expect(rows[0]?.acknowledged_at).not.toBeNull();
      expect(rows[0]?.forced_at).toBeNull();

      // The call is over: the workstation logs out.
      expect((await app.inject({ method: 'DELETE', url: SHIFT_LOGIN_PATH, headers: bearer(counsellor.token) })).statusCode).toBe(204);
      expect((await socket.closed).code).toBe(presenceCloseCodes.shiftEnded);
      const offline = await boardShowing(live, counsellor.user.id, 'offline');
      expect(offline.counsellors.find((row) => row.userId === counsellor.user.id)?.pendingLogout).toBeNull();
      expect(await auditOf('presence.logout', counsellor.user.id)).toEqual([
        { actor_id: expect.any(String) as string, details: { commandId, reason: 'shift-over', mode: 'after-work', note: null } },
      ]);
      expect(await auditOf('presence.logout-forced', counsellor.user.id)).toEqual([]);
    } finally {
      stop();
    }
  });

  it('a logout the workstation does not acknowledge is forced: session revoked, SIP credentials and registrations gone; the note is scrubbed', async () => {
    const counsellor = await onShift();
    const username = counsellor.login.sip?.username ?? '';
    expect(sip.register(username, counsellor.login.sip?.password ?? '')).toBe(true);
    const socket = await presence(counsellor.token);
    const stop = keepAlive(socket);
    try {
      socket.send({ type: 'state', state: 'idle' });
      await eventually(async () => (await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [counsellor.user.id])).rows[0]?.state === 'idle');
      const note = 'Glemte at logge af, ring 20 12 34 56 i morgen';
      const response = await logout(counsellor.user.id, { reason: 'forgot-logout', mode: 'now', note });
      expect(response.statusCode).toBe(202);
      const { commandId } = boardCommandResponseSchema.parse(response.json());
      const scrubbed = 'Glemte at logge af, ring [telefon] i morgen';
      expect(await socket.next((message) => message.type === 'logout')).toMatchObject({ commandId, mode: 'now', note: scrubbed });

      // No acknowledgement: the hub carries it out.
      expect((await socket.closed).code).toBe(presenceCloseCodes.shiftEnded);
      await eventually(async () => (await loginRow(counsellor.login.loginId))?.sip_revoked_at, 10_000, 'SIP revocation');
      expect(await loginRow(counsellor.login.loginId)).toMatchObject({ end_reason: 'forced' });
      expect(await sessionStatus(counsellor.token)).toBe(401);
      expect(sip.registrations.has(username)).toBe(false);
      expect(sip.credentials.has(username)).toBe(false);
      expect(sip.callsFor(username).slice(-2)).toEqual(['revoke', 'unregister']);
      const { rows: state } = await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [counsellor.user.id]);
      expect(state[0]?.state).toBe('offline');
      expect(await auditOf('presence.logout-forced', counsellor.user.id)).toEqual([{ actor_id: null, details: { commandId, cause: 'not-acknowledged' } }]);
      expect(await auditOf('shift.logout', counsellor.login.loginId)).toEqual([{ actor_id: null, details: { reason: 'forced', sessionRevoked: true } }]);

      // The note as the supervisor wrote it is stored and audited nowhere.
      expect((await auditOf('presence.logout', counsellor.user.id))[0]?.details).toMatchObject({ note: scrubbed, reason: 'forgot-logout', mode: 'now' });
      const { rows: command } = await db.query<{ payload: Record<string, unknown>; forced_at: Date | null }>('SELECT payload, forced_at FROM presence_commands WHERE id = $1', [commandId]);
      expect(command[0]?.payload).toEqual({ reason: 'forgot-logout', mode: 'now', note: scrubbed });
      expect(command[0]?.forced_at).not.toBeNull();
      const { rows: leaks } = await db.query(
        `SELECT 1 FROM audit_log WHERE details::text LIKE '%34 56%' UNION ALL SELECT 1 FROM presence_commands WHERE payload::text LIKE '%34 56%'
         UNION ALL SELECT 1 FROM presence WHERE pending_logout::text LIKE '%34 56%'`,
      );
      expect(leaks).toEqual([]);
    } finally {
      stop();
    }
  });

  it('a logout aimed at a workstation that is offline or lost is forced at once', async () => {
    const neverConnected = await onShift();
    const response = await logout(neverConnected.user.id, { reason: 'unreachable', mode: 'after-work' });
    expect(response.statusCode).toBe(202);
    const { commandId } = boardCommandResponseSchema.parse(response.json());
    expect(await loginRow(neverConnected.login.loginId)).toMatchObject({ end_reason: 'forced' });
    expect(await sessionStatus(neverConnected.token)).toBe(401);
    expect(await auditOf('presence.logout-forced', neverConnected.user.id)).toEqual([{ actor_id: null, details: { commandId, cause: 'unreachable' } }]);

    const gone = await onShift();
    const socket = await presence(gone.token);
    socket.send({ type: 'state', state: 'available', awayReason: null });
    expect((await socket.closed).code).toBe(presenceCloseCodes.lost);
    await eventually(async () => (await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [gone.user.id])).rows[0]?.state === 'lost');
    expect((await logout(gone.user.id, { reason: 'unreachable', mode: 'now' })).statusCode).toBe(202);
    expect(await loginRow(gone.login.loginId)).toMatchObject({ end_reason: 'forced' });
    expect(sip.credentials.has(gone.login.sip?.username ?? '')).toBe(false);
  });

  it('sets a counsellor away or available through the workstation, and refuses when it cannot', async () => {
    const counsellor = await onShift();
    const socket = await presence(counsellor.token);
    const stop = keepAlive(socket);
    try {
      socket.send({ type: 'state', state: 'available', awayReason: null });
      const live = await board();
      await boardShowing(live, counsellor.user.id, 'available');
      const response = await setState(counsellor.user.id, { state: 'away', awayReason: 'meeting' });
      expect(response.statusCode).toBe(202);
      const { commandId } = boardCommandResponseSchema.parse(response.json());
      expect(await socket.next((message) => message.type === 'set-state')).toEqual({ type: 'set-state', commandId, state: 'away', awayReason: 'meeting' });
      socket.send({ type: 'command-ack', commandId });
      socket.send({ type: 'state', state: 'away', awayReason: 'meeting' });
      const away = await boardShowing(live, counsellor.user.id, 'away');
      expect(away.counsellors.find((row) => row.userId === counsellor.user.id)?.awayReason).toBe('meeting');
      expect(await auditOf('presence.set-state', counsellor.user.id)).toEqual([
        { actor_id: expect.any(String) as string, details: { commandId, state: 'away', awayReason: 'meeting' } },
      ]);
    } finally {
      stop();
    }

    expect((await setState(counsellor.user.id, { state: 'away' })).statusCode).toBe(400);
    expect((await setState(counsellor.user.id, { state: 'available' }, counsellor.token)).statusCode).toBe(403);
    const notConnected = await onShift();
    const refused = await setState(notConnected.user.id, { state: 'available' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'conflict' });
    const notOnShift = await createTestUser(db, { role: 'counsellor' });
    expect((await setState(notOnShift.id, { state: 'available' })).json()).toMatchObject({ error: 'not-found' });
    expect((await logout(notOnShift.id, { reason: 'other', mode: 'now' })).statusCode).toBe(404);
    expect((await logout('not-a-uuid', { reason: 'other', mode: 'now' })).statusCode).toBe(400);
  });

  it('the board lists counsellors with a shift today or a live shift login, and no SIP figures when the SIP server fails', async () => {
    const now = context.now();
    const later = await createTestUser(db, { role: 'counsellor' });
    const laterShift = { starts: 1, ends: 2 };
    await insertShift(db, later, now, laterShift.starts, laterShift.ends);
    const nextWeek = await createTestUser(db, { role: 'counsellor' });
    await insertShift(db, nextWeek, now, 7 * 24 * 60, 7 * 24 * 60 + 60);
    const snapshot = boardSnapshotSchema.parse((await app.inject({ method: 'GET', url: BOARD_PATH, headers: bearer(supervisorToken) })).json());
    const ids = snapshot.counsellors.map((row) => row.userId);
    expect(ids).toContain(later.id);
    expect(ids).not.toContain(nextWeek.id);
    expect(snapshot.counsellors.find((row) => row.userId === later.id)).toMatchObject({ state: 'offline', pendingLogout: null, awayReason: null });
    expect((await app.inject({ method: 'GET', url: BOARD_PATH, headers: bearer((await onShift()).token) })).statusCode).toBe(403);

    sip.down = true;
    try {
      await sleep(200);
      const blind = boardSnapshotSchema.parse((await app.inject({ method: 'GET', url: BOARD_PATH, headers: bearer(supervisorToken) })).json());
      expect(blind.queue).toEqual({ calls: null, chats: 0 });
      expect(blind.today).toEqual({ answered: null, missed: null });
    } finally {
      sip.down = false;
    }
  });

  it('the sweep ends a shift login whose shift is over while its workstation is gone, and revokes it at the SIP server', async () => {
    const user = await createTestUser(db, { role: 'counsellor' });
    const now = context.now();
    await db.query('INSERT INTO shifts (id, user_id, starts_at, ends_at, created_at) VALUES (gen_random_uuid(), $1, $2, $3, now())', [
      user.id,
      new Date(now.getTime() - 3_600_000),
      new Date(now.getTime() + 4_000),
    ]);
    const token = await loginToken(app, user, now);
    const started = await app.inject({ method: 'POST', url: SHIFT_LOGIN_PATH, headers: bearer(token) });
    expect(started.statusCode).toBe(200);
    const { loginId, sip: credentials } = started.json<{ loginId: string; sip: { username: string } }>();
    await eventually(async () => (await loginRow(loginId))?.sip_revoked_at, 10_000, 'the shift-end sweep');
    expect(await loginRow(loginId)).toMatchObject({ end_reason: 'shift-end' });
    expect(sip.credentials.has(credentials.username)).toBe(false);
  });

  it('logged no errors meanwhile', () => {
    expect(context.log.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});

/** A hub with a slower confirmation and a quick re-allow. */
describe.each(hubDatabaseEngines)('presence over time on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: ReturnType<typeof testHubContext>;
  let baseUrl: string;
  const sip = new RecordingSipServer();
  const policy = { ...fastPresencePolicy, shifts: { ...fastPresencePolicy.shifts, logoutConfirmSeconds: 10 } };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db, policy);
    app = await buildHub(context, { sip, presenceTuning: { ...fastPresenceTuning, reallowMs: 300 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('a SIP server that restarted gets the credentials of live shift logins back from the sweep, never those of ended ones', async () => {
    const live: OnShift = await counsellorOnShift(app, db, context.now());
    const ended: OnShift = await counsellorOnShift(app, db, context.now());
    await app.inject({ method: 'DELETE', url: SHIFT_LOGIN_PATH, headers: bearer(ended.token) });
    const liveName = live.login.sip?.username ?? '';
    const liveHa1 = sip.credentials.get(liveName);
    sip.credentials.clear(); // the restart
    await eventually(() => Promise.resolve(sip.credentials.get(liveName) === liveHa1), 10_000, 're-allowed credentials');
    expect(sip.credentials.has(ended.login.sip?.username ?? '')).toBe(false);
    expect(sip.register(liveName, live.login.sip?.password ?? '')).toBe(true);
  });

  it('an order not yet acknowledged is sent again to a workstation that reconnects', async () => {
    const counsellor = await counsellorOnShift(app, db, context.now());
    const supervisorToken = await loginToken(app, await createTestUser(db, { role: 'supervisor' }), context.now());
    const first = await openPresence(baseUrl, counsellor.token);
    first.send({ type: 'state', state: 'in-call' });
    await eventually(async () => (await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [counsellor.user.id])).rows[0]?.state === 'in-call');
    const response = await app.inject({
      method: 'POST',
      url: boardCounsellorPath(BOARD_LOGOUT_PATH, counsellor.user.id),
      headers: bearer(supervisorToken),
      payload: { reason: 'shift-over', mode: 'after-work' } satisfies BoardLogoutRequest,
    });
    const { commandId } = boardCommandResponseSchema.parse(response.json());
    await first.next((message) => message.type === 'logout');
    // The connection drops before the acknowledgement; the workstation reconnects.
    first.ws.terminate();
    const second = await openPresence(baseUrl, counsellor.token);
    expect(await second.next((message) => message.type === 'logout')).toMatchObject({ commandId, mode: 'after-work', reason: 'shift-over' });
    second.send({ type: 'command-ack', commandId });
    await eventually(async () => (await db.query('SELECT 1 FROM presence_commands WHERE id = $1 AND acknowledged_at IS NOT NULL', [commandId])).rows.length > 0);
    second.close();
  });

  it('a workstation is told when the plan moves the end of its shift', async () => {
    const counsellor = await counsellorOnShift(app, db, context.now());
    const socket = await openPresence(baseUrl, counsellor.token);
    const endsAt = new Date(Date.parse(counsellor.login.shift.endsAt) + 30 * 60_000);
    await db.query('UPDATE shifts SET ends_at = $2 WHERE id = $1', [counsellor.shiftId, endsAt]);
    expect(await socket.next((message) => message.type === 'shift')).toEqual({ type: 'shift', endsAt: endsAt.toISOString() });
    socket.close();
  });

  it('a shift login still connected two hours after its shift ended is ended by the sweep', async () => {
    const counsellor = await counsellorOnShift(app, db, context.now());
    const socket = await openPresence(baseUrl, counsellor.token);
    let seq = 0;
    const beats = setInterval(() => socket.ws.readyState === socket.ws.OPEN && socket.send({ type: 'heartbeat', seq: seq++ }), 200);
    try {
      socket.send({ type: 'state', state: 'in-call' });
      await eventually(async () => (await db.query<{ state: string }>('SELECT state FROM presence WHERE user_id = $1', [counsellor.user.id])).rows[0]?.state === 'in-call');
      // The plan now says the shift ended two hours and a minute ago.
      const now = context.now().getTime();
      await db.query('UPDATE shifts SET starts_at = $2, ends_at = $3 WHERE id = $1', [counsellor.shiftId, new Date(now - 5 * 3_600_000), new Date(now - 2 * 3_600_000 - 60_000)]);
      expect((await socket.closed).code).toBe(presenceCloseCodes.shiftEnded);
      const { rows } = await db.query<{ end_reason: string }>('SELECT end_reason FROM shift_logins WHERE id = $1', [counsellor.login.loginId]);
      expect(rows[0]?.end_reason).toBe('shift-end');
      await eventually(() => Promise.resolve(!sip.credentials.has(counsellor.login.sip?.username ?? '')), 10_000, 'revoked credentials');
    } finally {
      clearInterval(beats);
    }
  });
});
