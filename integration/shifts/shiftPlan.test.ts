import { describe, expect, test } from 'vitest';
import type { HubUnderTest } from '../testing/hubUnderTest';
import { loggedIn, shiftWorkstation, withShiftHub } from './shiftTestKit';

// The shift plan from the supervisor area (issue 7 point 2) through the workstation's main
// process against the real hub: administrators edit and import, supervisors read.

let hub: HubUnderTest;
withShiftHub((started) => (hub = started));

const day = (offsetDays: number, hour: number): string => {
  const date = new Date(Date.UTC(2031, 2, 3 + offsetDays, hour));
  return date.toISOString();
};

describe('shift plan', () => {
  test('an administrator adds, changes, lists and deletes a shift; overlaps and unknown people are refused', async () => {
    const station = await shiftWorkstation(hub);
    await loggedIn(station, await hub.user('administrator'));
    const counsellor = await hub.user('counsellor', { shift: false });

    const added = await station.call('shifts:save', { username: counsellor.username, startsAt: day(0, 8), endsAt: day(0, 16) });
    expect(added).toMatchObject({ ok: true, value: { userId: counsellor.id, username: counsellor.username, startsAt: day(0, 8), endsAt: day(0, 16) } });
    const id = added.ok ? added.value.id : '';

    expect(await station.call('shifts:save', { username: counsellor.username, startsAt: day(0, 15), endsAt: day(0, 20) })).toMatchObject({
      ok: false,
      error: { code: 'shift-conflict' },
    });
    expect(await station.call('shifts:save', { username: 'nobody-of-ours', startsAt: day(1, 8), endsAt: day(1, 16) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-shift' },
    });
    expect(await station.call('shifts:save', { id, username: counsellor.username, startsAt: day(0, 9), endsAt: day(0, 17) })).toMatchObject({
      ok: true,
      value: { id, startsAt: day(0, 9) },
    });
    expect(await station.call('shifts:list', { from: day(0, 0), to: day(1, 0) })).toMatchObject({ ok: true, value: { shifts: [{ id, endsAt: day(0, 17) }] } });
    expect(await station.call('shifts:delete', { id })).toEqual({ ok: true, value: {} });
    expect(await station.call('shifts:list', { from: day(0, 0), to: day(1, 0) })).toEqual({ ok: true, value: { shifts: [] } });
  }, 30_000);

  test('a CSV import is all or nothing: refused lines are named, a clean file is imported', async () => {
    const station = await shiftWorkstation(hub);
    await loggedIn(station, await hub.user('administrator'));
    const counsellor = await hub.user('counsellor', { shift: false });
    const bad = ['brugernavn;start;slut', `${counsellor.username};${day(5, 8)};${day(5, 16)}`, `ukendt-person;${day(5, 8)};${day(5, 16)}`].join('\n');
    const refused = await station.call('shifts:import', { csv: bad });
    expect(refused).toMatchObject({ ok: true, value: { created: 0, problems: [{ line: 3, problem: 'unknown-user' }] } });
    expect(await station.call('shifts:list', { from: day(5, 0), to: day(6, 0) })).toEqual({ ok: true, value: { shifts: [] } });

    const good = ['username,start,end', `${counsellor.username},${day(5, 8)},${day(5, 16)}`, `${counsellor.username},${day(6, 8)},${day(6, 16)}`].join('\n');
    expect(await station.call('shifts:import', { csv: good })).toEqual({ ok: true, value: { created: 2, problems: [] } });
    expect(await station.call('shifts:list', { from: day(5, 0), to: day(7, 0) })).toMatchObject({ ok: true, value: { shifts: [{}, {}] } });
  }, 30_000);

  test('a supervisor reads the plan but cannot change it; a counsellor cannot read it', async () => {
    const supervisorStation = await shiftWorkstation(hub);
    await loggedIn(supervisorStation, await hub.user('supervisor'));
    const counsellor = await hub.user('counsellor', { shift: false });
    expect(await supervisorStation.call('shifts:list', { from: day(10, 0), to: day(11, 0) })).toEqual({ ok: true, value: { shifts: [] } });
    expect(await supervisorStation.call('shifts:save', { username: counsellor.username, startsAt: day(10, 8), endsAt: day(10, 16) })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await supervisorStation.call('shifts:import', { csv: 'username,start,end\n' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const counsellorStation = await shiftWorkstation(hub);
    await loggedIn(counsellorStation, await hub.user('counsellor'));
    expect(await counsellorStation.call('shifts:list', { from: day(10, 0), to: day(11, 0) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 30_000);
});
