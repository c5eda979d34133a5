import net from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BoardCounsellor } from '../../shared/hub/presenceApi';
import type { TestUser } from '../../hub/testing/testAccounts';
import type { SystemActivity } from '../../electron/services/systemActivity';
import type { SoftphoneSettings } from '../../electron/sip/softphoneSettings';
import { forgetTestKeys, removeTemporaryDirectories, requireKeychain, temporaryDirectory, waitFor } from '../../electron/store/testing/storeTestKit';
import { startHub, type HubUnderTest } from '../testing/hubUnderTest';
import { fastTuning, startWorkstation, type WorkstationUnderTest } from '../testing/workstationUnderTest';

/**
 * The real hub with its presence timers short (a heartbeat a second, lost after three, a
 * logout forced two seconds after it was not confirmed), and workstations whose shift timers
 * are short too: a test of a logout or a lost link takes seconds.
 */
export function startShiftHub(options: Parameters<typeof startHub>[0] = {}): Promise<HubUnderTest> {
  return startHub({
    ...options,
    shifts: { heartbeatSeconds: 1, lostAfterSeconds: 3, logoutConfirmSeconds: 2, ...options.shifts },
    hub: { presenceTuning: { flushMs: 200, sweepMs: 200, shiftCheckMs: 200, boardDebounceMs: 50, boardRefreshMs: 1_000, figuresCacheMs: 200 }, ...options.hub },
  });
}

export const shiftTuning = {
  ...fastTuning,
  shift: { presenceBackoff: { baseMs: 50, capMs: 300 }, idlePollMs: 100, clockTickMs: 200, silentHeartbeats: 3 },
};

const running: WorkstationUnderTest[] = [];

export async function shiftWorkstation(
  hub: HubUnderTest,
  options: { systemActivity?: SystemActivity; softphone?: SoftphoneSettings | null; hubUrl?: string } = {},
): Promise<WorkstationUnderTest> {
  const station = await startWorkstation({ hubUrl: hub.url, dataDir: temporaryDirectory(), tuning: shiftTuning, ...options });
  running.push(station);
  return station;
}

/** Disposes of every workstation started since the last call. */
export async function disposeWorkstations(): Promise<void> {
  for (const station of running.splice(0)) await station.dispose();
}

/** Registers, for the calling test file: after each test, its workstations, their keys and their directories gone. */
export function disposeWorkstationsAfterEach(): void {
  afterEach(async () => {
    await disposeWorkstations();
    await forgetTestKeys();
    removeTemporaryDirectories();
  });
}

/**
 * Registers the frame of a test file of workstations against a shift hub: the keychain checked
 * and the hub started before its tests (handed to `started`), `disposeWorkstationsAfterEach`,
 * the hub closed after the last test.
 */
export function withShiftHub(started: (hub: HubUnderTest) => void): void {
  let hub: HubUnderTest | undefined;
  beforeAll(async () => {
    await requireKeychain();
    hub = await startShiftHub();
    started(hub);
  }, 60_000);
  disposeWorkstationsAfterEach();
  afterAll(async () => {
    await hub?.close();
  });
}

/** Logs `user` in at `station` and insists it worked. */
export async function loggedIn(station: WorkstationUnderTest, user: TestUser): Promise<void> {
  const result = await station.login(user);
  if (!result.ok) throw new Error(`login of a ${user.role} failed: ${result.error.code} ${result.error.message}`);
}

/** The counsellor's line on the board as the supervisor's workstation gets it from the hub. */
export async function boardLine(supervisor: WorkstationUnderTest, userId: string): Promise<BoardCounsellor | undefined> {
  const board = await supervisor.call('board:get', {});
  if (!board.ok) throw new Error(`board:get failed: ${board.error.code}`);
  return board.value.counsellors.find((line) => line.userId === userId);
}

/** Waits until the supervisor's board shows the counsellor in `state`. */
export async function boardShows(supervisor: WorkstationUnderTest, userId: string, state: BoardCounsellor['state']): Promise<BoardCounsellor> {
  let line: BoardCounsellor | undefined;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    line = await boardLine(supervisor, userId);
    if (line?.state === state) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the board did not show ${state} (last: ${line?.state ?? 'no line'})`);
}

/** Waits until the workstation has locked; returns the state it locked with. */
export async function lockedState(station: WorkstationUnderTest, what: string, timeoutMs = 15_000): Promise<unknown> {
  await waitFor(() => station.pushed('session:changed').at(-1)?.status === 'locked', what, timeoutMs);
  return station.pushed('session:changed').at(-1);
}

/** The presence row the hub keeps for `userId`. */
export async function presenceRow(hub: HubUnderTest, userId: string): Promise<{ state: string; away_reason: string | null } | undefined> {
  const { rows } = await hub.db.query<{ state: string; away_reason: string | null }>('SELECT state, away_reason FROM presence WHERE user_id = $1', [userId]);
  return rows[0];
}

/** The user's shift logins, newest first. */
export async function shiftLogins(hub: HubUnderTest, userId: string): Promise<{ ended_at: Date | null; end_reason: string | null; sip_username: string | null }[]> {
  const { rows } = await hub.db.query<{ ended_at: Date | null; end_reason: string | null; sip_username: string | null }>(
    'SELECT ended_at, end_reason, sip_username FROM shift_logins WHERE user_id = $1 ORDER BY started_at DESC',
    [userId],
  );
  return rows;
}

/** How many of the user's hub sessions are live. */
export async function liveSessions(hub: HubUnderTest, userId: string): Promise<number> {
  const { rows } = await hub.db.query<{ live: number }>('SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  return rows[0]?.live ?? 0;
}

/**
 * A TCP link between a workstation and the hub that a test can cut (every connection dropped,
 * new ones refused, as a laptop that lost its network) and restore. HTTP and WebSockets alike.
 */
export interface CuttableLink {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableLink(target: string): Promise<CuttableLink> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut: () => {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      up = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
