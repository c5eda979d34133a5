import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { SHIFT_LOGIN_PATH, shiftLoginResponseSchema, type ShiftLoginResponse } from '../../../../shared/hub/shiftsApi';
import { BOARD_SOCKET_PATH, PRESENCE_SOCKET_PATH, boardSnapshotSchema, type AppMessage, type BoardSnapshot } from '../../../../shared/hub/presenceApi';
import { QueuedSocket } from '../../../testing/queuedSocket';
import { createTestUser, loginToken, type TestUser } from '../../../testing/testAccounts';
import type { Queryable } from '../../db/database';
import type { SipServer } from '../../sip/sipServer';
import { defaultHubPolicy, type HubPolicy } from '../../policy/hubPolicy';
import type { PresenceTuning } from '../presenceService';

/**
 * Our own SipServer interface, implemented in memory to observe what the hub asks of it (the
 * Kamailio implementation has its own integration test against a real Kamailio). It behaves like
 * one: credentials and registrations per user name, and a restart that forgets the credentials.
 */
export class RecordingSipServer implements SipServer {
  readonly realm = 'helpline.test';
  readonly calls: { method: 'allow' | 'revoke' | 'unregister'; username: string }[] = [];
  readonly credentials = new Map<string, string>();
  readonly registrations = new Set<string>();
  figures = { waiting: 2, answered: 7, missed: 1 };
  /** While set, every call fails as an unreachable server would. */
  down = false;

  async allow(username: string, ha1: string): Promise<void> {
    await this.reachable();
    this.calls.push({ method: 'allow', username });
    this.credentials.set(username, ha1);
  }
  async revoke(username: string): Promise<void> {
    await this.reachable();
    this.calls.push({ method: 'revoke', username });
    this.credentials.delete(username);
  }
  async unregister(username: string): Promise<void> {
    await this.reachable();
    this.calls.push({ method: 'unregister', username });
    this.registrations.delete(username);
  }
  async isRegistered(username: string): Promise<boolean> {
    await this.reachable();
    return this.registrations.has(username);
  }
  async callFigures(): Promise<{ waiting: number; answered: number; missed: number }> {
    await this.reachable();
    return this.figures;
  }
  /** A REGISTER as the SIP server would take it: only with the HA1 it was given. */
  register(username: string, password: string): boolean {
    const ha1 = crypto.createHash('md5').update(`${username}:${this.realm}:${password}`).digest('hex');
    if (this.credentials.get(username) !== ha1) return false;
    this.registrations.add(username);
    return true;
  }
  callsFor(username: string): string[] {
    return this.calls.filter((call) => call.username === username).map((call) => call.method);
  }
  private reachable(): Promise<void> {
    return this.down ? Promise.reject(new Error('SIP server unreachable')) : Promise.resolve();
  }
}

/** Timers short enough for tests, within what the policy schema allows. */
export const fastPresencePolicy: HubPolicy = {
  ...defaultHubPolicy,
  shifts: { ...defaultHubPolicy.shifts, heartbeatSeconds: 1, lostAfterSeconds: 2, logoutConfirmSeconds: 1 },
};

export const fastPresenceTuning: Partial<PresenceTuning> = {
  flushMs: 200,
  sweepMs: 200,
  reallowMs: 60_000,
  shiftCheckMs: 300,
  boardDebounceMs: 50,
  boardRefreshMs: 1_000,
  figuresCacheMs: 100,
};

const minutes = (n: number): number => n * 60_000;

/** A shift for `user` from `startOffsetMin` to `endOffsetMin` minutes from `now`. */
export async function insertShift(db: Queryable, user: { id: string }, now: Date, startOffsetMin: number, endOffsetMin: number): Promise<string> {
  const id = crypto.randomUUID();
  await db.query('INSERT INTO shifts (id, user_id, starts_at, ends_at, created_at) VALUES ($1, $2, $3, $4, now())', [
    id,
    user.id,
    new Date(now.getTime() + minutes(startOffsetMin)),
    new Date(now.getTime() + minutes(endOffsetMin)),
  ]);
  return id;
}

/** A counsellor on a shift that runs now, logged in to the hub and to the shift. */
export interface OnShift {
  user: TestUser;
  token: string;
  shiftId: string;
  login: ShiftLoginResponse;
}

export async function counsellorOnShift(app: FastifyInstance, db: Queryable, now: Date): Promise<OnShift> {
  const user = await createTestUser(db, { role: 'counsellor' });
  const shiftId = await insertShift(db, user, now, -60, 180);
  const token = await loginToken(app, user, now);
  const response = await app.inject({ method: 'POST', url: SHIFT_LOGIN_PATH, headers: { authorization: `Bearer ${token}` } });
  if (response.statusCode !== 200) throw new Error(`shift login answered ${response.statusCode} ${response.body}`);
  return { user, token, shiftId, login: shiftLoginResponseSchema.parse(response.json()) };
}

export function wsUrl(base: string, path: string): string {
  return base.replace(/^http/, 'ws') + path;
}

/** A presence or board socket: the hub's JSON messages queued, for `next(...)`. */
export class TestSocket extends QueuedSocket<unknown> {
  /** Opens the socket; rejects with the HTTP status when the hub refuses the upgrade. */
  static open(url: string, token: string | null): Promise<TestSocket> {
    return QueuedSocket.opened(new TestSocket(new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})));
  }

  send(message: AppMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message (already received or still to come) that matches, within `timeoutMs`. */
  next<T = Record<string, unknown>>(match: (message: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<T> {
    const test = (message: unknown): boolean => typeof message === 'object' && message !== null && match(message as Record<string, unknown>);
    return this.waitFor(test, timeoutMs, 'matching message') as Promise<T>;
  }
}

/** The presence socket of a counsellor on shift, welcomed. */
export async function openPresence(baseUrl: string, token: string): Promise<TestSocket> {
  const socket = await TestSocket.open(wsUrl(baseUrl, PRESENCE_SOCKET_PATH), token);
  await socket.next((message) => message.type === 'welcome');
  return socket;
}

export async function openBoard(baseUrl: string, token: string): Promise<TestSocket> {
  const socket = await TestSocket.open(wsUrl(baseUrl, BOARD_SOCKET_PATH), token);
  await socket.next((message) => message.type === 'board');
  return socket;
}

/** The next board pushed on `socket` in which `userId` is in `state`. */
export async function boardShowing(socket: TestSocket, userId: string, state: string, timeoutMs?: number): Promise<BoardSnapshot> {
  const message = await socket.next<{ board: unknown }>((candidate) => {
    if (candidate.type !== 'board') return false;
    const board = boardSnapshotSchema.safeParse(candidate.board);
    return board.success && board.data.counsellors.some((counsellor) => counsellor.userId === userId && counsellor.state === state);
  }, timeoutMs);
  return boardSnapshotSchema.parse(message.board);
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
