import { describe, expect, test } from 'vitest';
import type { ShiftView } from '../../shared/contract/schemas';
import { waitFor } from '../../electron/store/testing/storeTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import type { WorkstationUnderTest } from '../testing/workstationUnderTest';
import {
  boardShows,
  liveSessions,
  lockedState,
  loggedIn,
  presenceRow,
  shiftLogins,
  shiftWorkstation,
  startCuttableLink,
  withShiftHub,
  type CuttableLink,
} from './shiftTestKit';

// A supervisor logs a counsellor out, or sets them away, from another workstation, through the
// real hub (issue 7 point 5): the counsellor's workstation acknowledges at once, waits for the
// end of a contact unless told "nu", and locks with the supervisor's reason.

let hub: HubUnderTest;
withShiftHub((started) => (hub = started));

interface CounsellorAndSupervisor {
  station: WorkstationUnderTest;
  supervisor: WorkstationUnderTest;
  userId: string;
}

/** A counsellor on shift with the presence socket up (reaching the hub at `hubUrl`, if given), and a supervisor watching. */
async function counsellorAndSupervisor(options: { hubUrl?: string } = {}): Promise<CounsellorAndSupervisor> {
  const station = await shiftWorkstation(hub, options);
  const supervisor = await shiftWorkstation(hub);
  const user = await hub.user('counsellor');
  await loggedIn(station, user);
  await loggedIn(supervisor, await hub.user('supervisor'));
  await boardShows(supervisor, user.id, 'available');
  return { station, supervisor, userId: user.id };
}

/** As counsellorAndSupervisor, the counsellor in a call, as the supervisor's board shows. */
async function counsellorInCall(): Promise<CounsellorAndSupervisor> {
  const setup = await counsellorAndSupervisor();
  await setup.station.call('presence:report', { activity: 'in-call' });
  await boardShows(setup.supervisor, setup.userId, 'in-call');
  return setup;
}

/**
 * Runs `body` once the counsellor's workstation, reaching the hub over a link the test can
 * restore, has been cut off and the supervisor's board shows the counsellor lost; the link is
 * closed when `body` is done.
 */
async function whileCutOff(body: (setup: CounsellorAndSupervisor & { link: CuttableLink }) => Promise<void>): Promise<void> {
  const link = await startCuttableLink(hub.url);
  try {
    const setup = await counsellorAndSupervisor({ hubUrl: link.url });
    link.cut();
    await boardShows(setup.supervisor, setup.userId, 'lost');
    await body({ ...setup, link });
  } finally {
    await link.close();
  }
}

function lastView(station: WorkstationUnderTest): ShiftView | undefined {
  return station.pushed('shift:changed').at(-1);
}

async function commandsOf(userId: string): Promise<{ kind: string; payload: { note?: string | null }; acknowledged_at: Date | null; forced_at: Date | null }[]> {
  const { rows } = await hub.db.query<{ kind: string; payload: { note?: string | null }; acknowledged_at: Date | null; forced_at: Date | null }>(
    'SELECT kind, payload, acknowledged_at, forced_at FROM presence_commands WHERE user_id = $1 ORDER BY issued_at',
    [userId],
  );
  return rows;
}

describe('remote logout', () => {
  test('an idle counsellor is logged out at once, with the reason on the login screen; the note is scrubbed', async () => {
    const { station, supervisor, userId } = await counsellorAndSupervisor();
    expect(
      await supervisor.call('board:logout', { userId, reason: 'forgot-logout', note: 'ring til hende på 12 34 56 78', mode: 'after-work' }),
    ).toEqual({ ok: true, value: {} });

    expect(await lockedState(station, 'the counsellor to be logged out')).toEqual({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'forgot-logout' });
    expect(lastView(station)).toEqual({ status: 'none' });
    await station.workstation.settled();
    const [command] = await commandsOf(userId);
    expect(command?.acknowledged_at).not.toBeNull();
    expect(command?.forced_at).toBeNull();
    expect(JSON.stringify(command?.payload)).not.toMatch(/12 34 56 78/);
    expect((await shiftLogins(hub, userId))[0]?.ended_at).not.toBeNull();
    await expect.poll(() => liveSessions(hub, userId)).toBe(0);
    await boardShows(supervisor, userId, 'offline');
  }, 30_000);

  test('"after the contact" during a call: the logout waits, shown as pending, and runs when the contact and its wrap-up end', async () => {
    const { station, supervisor, userId } = await counsellorInCall();
    await supervisor.call('board:logout', { userId, reason: 'shift-over', note: null, mode: 'after-work' });

    await waitFor(() => (lastView(station) as { pendingLogout?: unknown } | undefined)?.pendingLogout != null, 'the pending logout');
    expect(lastView(station)).toMatchObject({ status: 'on', pendingLogout: { by: 'supervisor', mode: 'after-work', reason: 'shift-over', note: null } });
    // Acknowledged, so the hub does not force it (it would after two seconds here).
    await expect.poll(async () => (await commandsOf(userId))[0]?.acknowledged_at ?? null).not.toBeNull();
    await station.call('presence:report', { activity: 'wrap-up' });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await station.call('session:get', {})).toMatchObject({ ok: true, value: { status: 'active' } });
    expect((await commandsOf(userId))[0]?.forced_at).toBeNull();
    expect((await boardShows(supervisor, userId, 'wrap-up')).pendingLogout).toMatchObject({ by: 'supervisor', mode: 'after-work' });

    await station.call('presence:report', { activity: 'none' });
    expect(await lockedState(station, 'the logout after the contact')).toEqual({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'shift-over' });
  }, 30_000);

  test('"nu" during a call logs out at once', async () => {
    const { station, supervisor, userId } = await counsellorInCall();
    await supervisor.call('board:logout', { userId, reason: 'unreachable', note: null, mode: 'now' });
    expect(await lockedState(station, 'the logout now')).toEqual({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'unreachable' });
    await station.workstation.settled();
    expect((await commandsOf(userId))[0]?.forced_at).toBeNull();
    await expect.poll(async () => (await presenceRow(hub, userId))?.state).toBe('offline');
  }, 30_000);

  test('a supervisor sets a counsellor away and available again', async () => {
    const { station, supervisor, userId } = await counsellorAndSupervisor();
    expect(await supervisor.call('board:setState', { userId, state: 'away', awayReason: 'supervision' })).toEqual({ ok: true, value: {} });
    await waitFor(() => (lastView(station) as { presence?: string } | undefined)?.presence === 'away', 'away at the workstation');
    expect(lastView(station)).toMatchObject({ presence: 'away', awayReason: 'supervision' });
    await boardShows(supervisor, userId, 'away');
    await supervisor.call('board:setState', { userId, state: 'available', awayReason: null });
    await waitFor(() => (lastView(station) as { presence?: string } | undefined)?.presence === 'available', 'available at the workstation');
    await expect.poll(async () => (await commandsOf(userId)).every((command) => command.acknowledged_at !== null)).toBe(true);
  }, 30_000);

  test('board commands are for supervisors and administrators; a counsellor not on shift is named as such', async () => {
    const { station, supervisor, userId } = await counsellorAndSupervisor();
    expect(await station.call('board:logout', { userId, reason: 'other', note: null, mode: 'now' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const offShift = await hub.user('counsellor');
    expect(await supervisor.call('board:logout', { userId: offShift.id, reason: 'other', note: null, mode: 'now' })).toMatchObject({
      ok: false,
      error: { code: 'not-on-shift' },
    });
    expect(await supervisor.call('board:setState', { userId: offShift.id, state: 'away', awayReason: 'break' })).toMatchObject({
      ok: false,
      error: { code: 'not-on-shift' },
    });
  }, 30_000);

  test('a workstation cut off from the hub shows as lost, and reconnects by itself when the network is back', async () => {
    await whileCutOff(async ({ station, supervisor, userId, link }) => {
      await waitFor(() => (lastView(station) as { presenceLink?: string } | undefined)?.presenceLink === 'offline', 'the link to show offline');
      // Meanwhile the counsellor started a call; the hub learns it on reconnecting.
      await station.call('presence:report', { activity: 'in-call' });
      link.restore();
      await boardShows(supervisor, userId, 'in-call');
      expect(lastView(station)).toMatchObject({ presenceLink: 'online' });
    });
  }, 40_000);

  test('a workstation that cannot confirm is logged out by the hub; back online, it finds its session gone and locks', async () => {
    await whileCutOff(async ({ station, supervisor, userId, link }) => {
      await supervisor.call('board:logout', { userId, reason: 'unreachable', note: null, mode: 'now' });
      await expect.poll(async () => (await commandsOf(userId))[0]?.forced_at ?? null, { timeout: 10_000 }).not.toBeNull();
      expect((await shiftLogins(hub, userId))[0]).toMatchObject({ end_reason: 'forced' });
      expect(await liveSessions(hub, userId)).toBe(0);
      // Still logged in as far as the cut-off workstation knows, until it can ask.
      expect(await station.call('session:get', {})).toMatchObject({ ok: true, value: { status: 'active' } });

      link.restore();
      // The logout never reached it; what it learns is that the hub ended its session.
      expect(await lockedState(station, 'the workstation to lock once back')).toEqual({ status: 'locked', reason: 'session-expired' });
      expect(lastView(station)).toEqual({ status: 'none' });
    });
  }, 40_000);
});
