import { describe, expect, test } from 'vitest';
import { ManualSystemActivity } from '../../electron/services/systemActivity';
import { waitFor } from '../../electron/store/testing/storeTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import { boardShows, liveSessions, loggedIn, presenceRow, shiftLogins, shiftWorkstation, withShiftHub } from './shiftTestKit';

// The counsellor's shift at the workstation against the real hub (issue 7 points 1 and 3): no
// login outside a shift, the presence socket and what it reports, and the own logout.
// Run: scripts/with-keyring.sh npx vitest run integration/shifts

let hub: HubUnderTest;
withShiftHub((started) => (hub = started));

describe('shift login', () => {
  test('outside every shift the login fails with outside-shift, stays locked, and the hub session is ended', async () => {
    const station = await shiftWorkstation(hub);
    const user = await hub.user('counsellor', { shift: false });
    // A shift that ended, and one that starts later than the grace period allows.
    await hub.addShift(user.id, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 3_600_000));
    await hub.addShift(user.id, new Date(Date.now() + 3_600_000), new Date(Date.now() + 5 * 3_600_000));

    expect(await station.login(user)).toMatchObject({ ok: false, error: { code: 'outside-shift' } });
    expect(await station.call('session:get', {})).toEqual({ ok: true, value: { status: 'locked' } });
    expect(await station.call('shift:get', {})).toEqual({ ok: true, value: { status: 'none' } });
    expect(station.pushed('session:changed')).toEqual([]);
    await station.workstation.settled();
    expect(await liveSessions(hub, user.id)).toBe(0);
    expect(await shiftLogins(hub, user.id)).toEqual([]);
    expect(await station.call('sip:connect', {})).toMatchObject({ ok: false });
  }, 30_000);

  test('within the grace period before a shift the login starts it', async () => {
    const station = await shiftWorkstation(hub);
    const user = await hub.user('counsellor', { shift: false });
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const endsAt = new Date(Date.now() + 4 * 3_600_000);
    await hub.addShift(user.id, startsAt, endsAt);
    await loggedIn(station, user);
    expect(await station.call('shift:get', {})).toMatchObject({
      ok: true,
      value: { status: 'on', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), ending: false, pendingLogout: null },
    });
  }, 30_000);

  test('supervisors and administrators have no shift and need none', async () => {
    const station = await shiftWorkstation(hub);
    const supervisor = await hub.user('supervisor');
    await loggedIn(station, supervisor);
    expect(await station.call('shift:get', {})).toEqual({ ok: true, value: { status: 'none' } });
    expect(await station.call('presence:report', { activity: 'in-call' })).toEqual({ ok: true, value: { status: 'none' } });
    expect(await station.call('presence:setAway', { reason: 'break' })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(await station.call('sip:connect', {})).toMatchObject({ ok: false });
  }, 30_000);
});

describe('presence', () => {
  test('the hub sees the state the workstation reports: activity, away, locked, idle, and back', async () => {
    const system = new ManualSystemActivity();
    const station = await shiftWorkstation(hub, { systemActivity: system });
    const watcher = await shiftWorkstation(hub);
    const user = await hub.user('counsellor');
    const supervisor = await hub.user('supervisor');
    await loggedIn(station, user);
    await loggedIn(watcher, supervisor);

    await waitFor(() => station.pushed('shift:changed').at(-1)?.status === 'on' && (station.pushed('shift:changed').at(-1) as { presenceLink: string }).presenceLink === 'online', 'the presence socket');
    expect((await boardShows(watcher, user.id, 'available')).shift).not.toBeNull();

    expect(await station.call('presence:report', { activity: 'ringing' })).toMatchObject({ ok: true, value: { presence: 'ringing' } });
    await boardShows(watcher, user.id, 'ringing');
    await station.call('presence:report', { activity: 'in-call' });
    await boardShows(watcher, user.id, 'in-call');
    // A call continues on a locked screen, and shows as the call.
    system.emit('lock-screen');
    await station.call('presence:report', { activity: 'wrap-up' });
    await boardShows(watcher, user.id, 'wrap-up');
    await station.call('presence:report', { activity: 'none' });
    await boardShows(watcher, user.id, 'locked');
    system.emit('unlock-screen');
    await boardShows(watcher, user.id, 'available');

    expect(await station.call('presence:setAway', { reason: 'meeting' })).toMatchObject({ ok: true, value: { presence: 'away', awayReason: 'meeting' } });
    expect(await boardShows(watcher, user.id, 'away')).toMatchObject({ awayReason: 'meeting' });
    expect(await station.call('presence:setAvailable', {})).toMatchObject({ ok: true, value: { presence: 'available', awayReason: null } });
    await boardShows(watcher, user.id, 'available');

    // No input for the hub's idleMinutes (5): idle, until the next keystroke.
    system.inputSecondsAgo(5 * 60 + 1);
    await boardShows(watcher, user.id, 'idle');
    system.inputSecondsAgo(0);
    await boardShows(watcher, user.id, 'available');
    system.emit('suspend');
    await boardShows(watcher, user.id, 'locked');
    system.emit('resume');
    await boardShows(watcher, user.id, 'available');

    expect(station.pushed('shift:changed').map((view) => (view.status === 'on' ? view.presence : 'none'))).toEqual(
      expect.arrayContaining(['available', 'ringing', 'in-call', 'wrap-up', 'locked', 'away', 'idle']),
    );
  }, 60_000);

  test('the supervisor board is pushed live while a supervisor is logged in', async () => {
    const station = await shiftWorkstation(hub);
    const watcher = await shiftWorkstation(hub);
    const user = await hub.user('counsellor');
    await loggedIn(watcher, await hub.user('supervisor'));
    await loggedIn(station, user);
    const shows = (state: string): boolean => watcher.pushed('board:changed').some((board) => board.counsellors.some((line) => line.userId === user.id && line.state === state));
    await waitFor(() => shows('available'), 'the board push of the new counsellor');
    await station.call('presence:report', { activity: 'in-chat' });
    await waitFor(() => shows('in-chat'), 'the board push of the chat');

    // A counsellor gets no board, live or asked for.
    expect(await station.call('board:get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(station.pushed('board:changed')).toEqual([]);
  }, 30_000);
});

describe('own logout', () => {
  test('ends the shift login at the hub, takes presence offline, ends the session and locks without a reason', async () => {
    const station = await shiftWorkstation(hub);
    const user = await hub.user('counsellor');
    await loggedIn(station, user);
    await waitFor(() => (station.pushed('shift:changed').at(-1) as { presenceLink?: string } | undefined)?.presenceLink === 'online', 'the presence socket');
    expect((await presenceRow(hub, user.id))?.state).toBe('available');

    expect(await station.call('session:logout', {})).toEqual({ ok: true, value: { status: 'locked' } });
    expect(station.pushed('shift:changed').at(-1)).toEqual({ status: 'none' });
    await station.workstation.settled();
    expect((await shiftLogins(hub, user.id))[0]).toMatchObject({ end_reason: 'logout' });
    expect((await shiftLogins(hub, user.id))[0]?.ended_at).not.toBeNull();
    await expect.poll(() => liveSessions(hub, user.id)).toBe(0);
    await expect.poll(async () => (await presenceRow(hub, user.id))?.state).toBe('offline');
  }, 30_000);
});
