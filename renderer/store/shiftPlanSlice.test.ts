import { afterEach, describe, expect, test } from 'vitest';
import type { ApiResult } from '../../shared/contract/result';
import type { Shift } from '../../shared/hub/shiftsApi';
import { activeSession, deferred, failed, installFakeTavsApi, ok, removeFakeTavsApi } from '../testing/fakeTavsApi';

const shift = (id: string): Shift => ({
  id,
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'anna',
  displayName: 'Anna',
  startsAt: '2026-03-03T07:00:00Z',
  endsAt: '2026-03-03T15:00:00Z',
});
const shiftId = (n: number): string => `6f1c1c57-4a43-4f7d-9d1b-${String(n).padStart(12, '0')}`;

async function adminStore() {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  useAppStore.setState({ session: activeSession('administrator') });
  return useAppStore;
}

afterEach(removeFakeTavsApi);

describe('the shift plan slice', () => {
  test("a slow answer for the week before does not land under this week's heading", async () => {
    const slow = deferred<ApiResult<{ shifts: Shift[] }>>();
    let calls = 0;
    installFakeTavsApi({ 'shifts:list': () => (++calls === 1 ? slow.promise : ok({ shifts: [shift(shiftId(2))] })) });
    const plan = await adminStore();
    const first = plan.getState().loadShiftWeek('2026-02-23');
    await plan.getState().loadShiftWeek('2026-03-02');
    slow.resolve(ok({ shifts: [shift(shiftId(1))] }));
    await first;
    expect(plan.getState().shiftPlan).toMatchObject({ weekStart: '2026-03-02', status: 'ready', shifts: [{ id: shiftId(2) }] });
  });

  test('a saved shift reloads the week; an overlap is refused with its code and nothing reloads', async () => {
    let conflict = false;
    const requests = installFakeTavsApi({
      'shifts:list': () => ok({ shifts: [] }),
      'shifts:save': () => (conflict ? failed('shift-conflict') : ok(shift(shiftId(3)))),
    });
    const plan = await adminStore();
    await plan.getState().loadShiftWeek('2026-03-02');
    const values = { username: 'anna', date: '2026-03-03', start: '08:00', end: '16:00' };
    expect(await plan.getState().saveShift(values)).toBeNull();
    conflict = true;
    expect(await plan.getState().saveShift(values)).toBe('shift-conflict');
    expect(requests.map((request) => request.channel)).toEqual(['shifts:list', 'shifts:save', 'shifts:list', 'shifts:save']);
  });

  test('an import with refused lines keeps the problems and reloads nothing; a good one reloads the week', async () => {
    let good = false;
    const requests = installFakeTavsApi({
      'shifts:list': () => ok({ shifts: [] }),
      'shifts:import': () => ok(good ? { created: 2, problems: [] } : { created: 0, problems: [{ line: 3, problem: 'unknown-user' }] }),
    });
    const plan = await adminStore();
    await plan.getState().loadShiftWeek('2026-03-02');
    await plan.getState().importShifts('brugernavn,start,slut\n');
    expect(plan.getState().shiftPlan).toMatchObject({ importing: false, importResult: { created: 0, problems: [{ line: 3, problem: 'unknown-user' }] } });
    good = true;
    await plan.getState().importShifts('brugernavn,start,slut\n');
    expect(plan.getState().shiftPlan.importResult).toEqual({ created: 2, problems: [] });
    expect(requests.map((request) => request.channel)).toEqual(['shifts:list', 'shifts:import', 'shifts:import', 'shifts:list']);
  });
});
