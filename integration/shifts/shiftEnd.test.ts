import { describe, expect, test } from 'vitest';
import type { ShiftView } from '../../shared/contract/schemas';
import { waitFor } from '../../electron/store/testing/storeTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import type { WorkstationUnderTest } from '../testing/workstationUnderTest';
import { lockedState, loggedIn, shiftLogins, shiftWorkstation, withShiftHub } from './shiftTestKit';

// The end of a shift at the workstation against the real hub (issue 7 point 2): a warning
// endWarningMinutes before, then a logout after the current contact and its wrap-up, never in
// the middle of one.

let hub: HubUnderTest;
withShiftHub((started) => (hub = started));

/** A counsellor logged in to a shift that ends `endsInMs` from now. */
async function shiftEndingIn(endsInMs: number): Promise<{ station: WorkstationUnderTest; userId: string; endsAt: Date }> {
  const station = await shiftWorkstation(hub);
  const user = await hub.user('counsellor', { shift: false });
  const endsAt = new Date(Date.now() + endsInMs);
  await hub.addShift(user.id, new Date(Date.now() - 3_600_000), endsAt);
  await loggedIn(station, user);
  return { station, userId: user.id, endsAt };
}

function views(station: WorkstationUnderTest): ShiftView[] {
  return station.pushed('shift:changed');
}

describe('shift end', () => {
  test('warned ahead of the end; at the end, with nothing going on, logged out with the reason', async () => {
    // Inside the warning time (10 minutes) from the start.
    const { station, userId, endsAt } = await shiftEndingIn(3_000);
    expect(await station.call('shift:get', {})).toMatchObject({ ok: true, value: { status: 'on', endsAt: endsAt.toISOString(), ending: true, pendingLogout: null } });

    expect(await lockedState(station, 'the logout at the shift end')).toEqual({ status: 'locked', reason: 'shift-ended' });
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
    expect(views(station).at(-1)).toEqual({ status: 'none' });
    await station.workstation.settled();
    expect((await shiftLogins(hub, userId))[0]?.ended_at).not.toBeNull();
  }, 30_000);

  test('the warning comes when the end is endWarningMinutes away, not before', async () => {
    const { station } = await shiftEndingIn(10 * 60_000 + 1_500);
    expect(await station.call('shift:get', {})).toMatchObject({ ok: true, value: { ending: false } });
    await waitFor(() => views(station).some((view) => view.status === 'on' && view.ending), 'the end warning');
    expect(await station.call('session:get', {})).toMatchObject({ ok: true, value: { status: 'active' } });
  }, 30_000);

  test('a shift that ends during a call: the logout waits for the call and its wrap-up', async () => {
    const { station, endsAt } = await shiftEndingIn(2_000);
    await station.call('presence:report', { activity: 'in-call' });
    await waitFor(() => views(station).some((view) => view.status === 'on' && view.pendingLogout !== null), 'the pending shift-end logout');
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
    expect(views(station).at(-1)).toMatchObject({ status: 'on', pendingLogout: { commandId: null, by: 'shift-end', mode: 'after-work', reason: null, note: null } });

    await station.call('presence:report', { activity: 'wrap-up' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await station.call('session:get', {})).toMatchObject({ ok: true, value: { status: 'active' } });
    await station.call('presence:report', { activity: 'none' });
    expect(await lockedState(station, 'the logout after the wrap-up')).toEqual({ status: 'locked', reason: 'shift-ended' });
  }, 30_000);
});
