import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SESSION_PATH } from '../../../shared/hub/accountsApi';
import { BOARD_LOGOUT_PATH, boardCommandResponseSchema, boardCounsellorPath, presenceCloseCodes, type BoardLogoutRequest } from '../../../shared/hub/presenceApi';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { createPostgresDatabase } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openPostgresDatabase } from '../db/postgresDatabase';
import {
  RecordingSipServer,
  type TestSocket,
  boardShowing,
  counsellorOnShift,
  eventually,
  fastPresencePolicy,
  fastPresenceTuning,
  openBoard,
  openPresence,
} from './testing/presenceTestKit';

interface Hub {
  db: Database;
  app: FastifyInstance;
  url: string;
  context: ReturnType<typeof testHubContext>;
}

/**
 * Two hub processes on one PostgreSQL database, as a larger service runs them: two apps with
 * their own connection pools and LISTENs, sharing nothing but the database (and the SIP server).
 */
describe('two hub processes on one PostgreSQL database', () => {
  const sip = new RecordingSipServer();
  const opened: TestSocket[] = [];
  let a: Hub;
  let b: Hub;
  let supervisorToken: string;

  const startHub = async (databaseUrl: string, instanceId: string): Promise<Hub> => {
    const db = await openPostgresDatabase(databaseUrl);
    const context = testHubContext(db, fastPresencePolicy);
    const app = await buildHub(context, { sip, instanceId, presenceTuning: fastPresenceTuning });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { db, app, context, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  };
  const remember = (socket: TestSocket): TestSocket => (opened.push(socket), socket);
  const logoutOn = (hub: Hub, userId: string, body: BoardLogoutRequest) =>
    hub.app.inject({ method: 'POST', url: boardCounsellorPath(BOARD_LOGOUT_PATH, userId), headers: bearer(supervisorToken), payload: body });
  const keepAlive = (socket: TestSocket): (() => void) => {
    let seq = 0;
    const timer = setInterval(() => socket.ws.readyState === socket.ws.OPEN && socket.send({ type: 'heartbeat', seq: seq++ }), 300);
    return () => clearInterval(timer);
  };

  beforeAll(async () => {
    const databaseUrl = await createPostgresDatabase();
    const setup = await openPostgresDatabase(databaseUrl);
    await migrate(setup);
    await setup.close();
    a = await startHub(databaseUrl, 'hub-a');
    b = await startHub(databaseUrl, 'hub-b');
    supervisorToken = await loginToken(a.app, await createTestUser(a.db, { role: 'supervisor' }));
  });
  afterAll(async () => {
    for (const socket of opened) socket.close();
    for (const hub of [a, b]) {
      await hub.app.close();
      await hub.db.close();
    }
  });

  it("the board on one process shows the states of a counsellor connected to the other", async () => {
    const counsellor = await counsellorOnShift(b.app, b.db, b.context.now());
    const board = remember(await openBoard(a.url, supervisorToken));
    const socket = remember(await openPresence(b.url, counsellor.token));
    socket.send({ type: 'state', state: 'available', awayReason: null });
    await boardShowing(board, counsellor.user.id, 'available');
    socket.send({ type: 'state', state: 'in-call' });
    await boardShowing(board, counsellor.user.id, 'in-call', 1_000);
    const { rows } = await a.db.query<{ connected_to: string }>('SELECT connected_to FROM presence WHERE user_id = $1', [counsellor.user.id]);
    expect(rows[0]?.connected_to).toMatch(/^hub-b\//);
  });

  it('a supervisor on one process logs out a counsellor on the other: acknowledged, or forced when not', async () => {
    const polite = await counsellorOnShift(b.app, b.db, b.context.now());
    const politeSocket = remember(await openPresence(b.url, polite.token));
    const stopPolite = keepAlive(politeSocket);
    const silent = await counsellorOnShift(b.app, b.db, b.context.now());
    const silentSocket = remember(await openPresence(b.url, silent.token));
    const stopSilent = keepAlive(silentSocket);
    try {
      const board = remember(await openBoard(a.url, supervisorToken));
      politeSocket.send({ type: 'state', state: 'in-chat' });
      silentSocket.send({ type: 'state', state: 'available', awayReason: null });
      await boardShowing(board, polite.user.id, 'in-chat');
      await boardShowing(board, silent.user.id, 'available');

      const acked = boardCommandResponseSchema.parse((await logoutOn(a, polite.user.id, { reason: 'shift-over', mode: 'after-work' })).json());
      expect(await politeSocket.next((message) => message.type === 'logout')).toMatchObject({ commandId: acked.commandId, mode: 'after-work' });
      politeSocket.send({ type: 'command-ack', commandId: acked.commandId });

      const ignored = boardCommandResponseSchema.parse((await logoutOn(a, silent.user.id, { reason: 'forgot-logout', mode: 'now' })).json());
      expect(await silentSocket.next((message) => message.type === 'logout')).toMatchObject({ commandId: ignored.commandId, mode: 'now' });
      expect((await silentSocket.closed).code).toBe(presenceCloseCodes.shiftEnded);
      await eventually(async () => (await a.db.query('SELECT 1 FROM shift_logins WHERE id = $1 AND sip_revoked_at IS NOT NULL', [silent.login.loginId])).rows.length > 0);
      expect((await b.app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(silent.token) })).statusCode).toBe(401);
      expect(sip.credentials.has(silent.login.sip?.username ?? '')).toBe(false);
      await boardShowing(board, silent.user.id, 'offline');

      // The acknowledged one was left alone, past the confirmation time.
      await new Promise((resolve) => setTimeout(resolve, fastPresencePolicy.shifts.logoutConfirmSeconds * 1000 + 1_000));
      const { rows } = await a.db.query<{ end_reason: string | null }>('SELECT end_reason FROM shift_logins WHERE id = $1', [polite.login.loginId]);
      expect(rows[0]?.end_reason).toBeNull();
      expect(politeSocket.ws.readyState).toBe(politeSocket.ws.OPEN);
    } finally {
      stopPolite();
      stopSilent();
    }
  });

  it('a newer socket on one process replaces the older on the other', async () => {
    const counsellor = await counsellorOnShift(a.app, a.db, a.context.now());
    const older = remember(await openPresence(a.url, counsellor.token));
    remember(await openPresence(b.url, counsellor.token));
    expect((await older.closed).code).toBe(presenceCloseCodes.replaced);
  });

  it("when one process stops, the other's sweep marks its workstations lost", async () => {
    const counsellor = await counsellorOnShift(b.app, b.db, b.context.now());
    const socket = remember(await openPresence(b.url, counsellor.token));
    socket.send({ type: 'state', state: 'available', awayReason: null });
    const board = remember(await openBoard(a.url, supervisorToken));
    await boardShowing(board, counsellor.user.id, 'available');
    await b.app.close();
    await b.db.close();
    await boardShowing(board, counsellor.user.id, 'lost');
    // Closed once is enough for afterAll.
    b = { ...b, app: { close: () => Promise.resolve() } as FastifyInstance, db: { close: () => Promise.resolve() } as Database };
  });

  it('logged no errors', () => {
    for (const hub of [a, b]) expect(hub.context.log.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
