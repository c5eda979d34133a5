import { afterEach, describe, expect, test, vi } from 'vitest';
import { activeSession, failed, installFakeTavsApi, ok, onShift, removeFakeTavsApi, settle } from '../testing/fakeTavsApi';


async function counsellorStore() {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  useAppStore.setState({ session: activeSession('counsellor') });
  return useAppStore;
}

afterEach(removeFakeTavsApi);

describe('the shift slice', () => {
  test('reports the activity only when it changes, in order', async () => {
    const requests = installFakeTavsApi({ 'presence:report': () => ok(onShift) });
    const store = await counsellorStore();
    for (const activity of ['none', 'ringing', 'ringing', 'in-call', 'in-call', 'wrap-up', 'none'] as const) store.getState().reportActivity(activity);
    await settle();
    expect(requests.map((request) => request.payload)).toEqual([{ activity: 'ringing' }, { activity: 'in-call' }, { activity: 'wrap-up' }, { activity: 'none' }]);
  });

  test('after the lock nothing is reported and no shift is shown', async () => {
    const requests = installFakeTavsApi({ 'presence:report': () => ok(onShift) });
    const store = await counsellorStore();
    store.getState().setSession({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'forgot-logout' });
    store.getState().reportActivity('ringing');
    store.getState().setShift(onShift);
    await settle();
    expect(requests).toEqual([]);
    expect(store.getState().shift).toEqual({ status: 'none' });
  });

  test('"Pause" shows the state the main process answers; a refusal is shown, not swallowed', async () => {
    const requests = installFakeTavsApi({
      'presence:setAway': () => ok({ ...onShift, presence: 'away', awayReason: 'meeting' }),
      'presence:setAvailable': () => failed('not-on-shift'),
    });
    const store = await counsellorStore();
    store.getState().setShift(onShift);
    await store.getState().setAway('meeting');
    expect(requests[0]).toEqual({ channel: 'presence:setAway', payload: { reason: 'meeting' } });
    expect(store.getState().shift).toMatchObject({ presence: 'away', awayReason: 'meeting' });
    await store.getState().setAvailable();
    expect(store.getState()).toMatchObject({ presencePending: false, presenceError: 'not-on-shift' });
  });

  test('a supervisor\'s logout "nu" turns away the ringing call at once; "efter samtalen" lets the contact finish', async () => {
    installFakeTavsApi({});
    const store = await counsellorStore();
    const rejectCall = vi.fn();
    const hangUp = vi.fn();
    store.setState({ rejectCall, hangUp, softphone: { ...store.getState().softphone, call: { ...store.getState().softphone.call, phase: 'ringing' } } });
    const pending = { commandId: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11', by: 'supervisor', reason: 'technical', note: null } as const;
    store.getState().setShift({ ...onShift, pendingLogout: { ...pending, mode: 'after-work' } });
    expect(rejectCall).not.toHaveBeenCalled();
    store.getState().setShift({ ...onShift, pendingLogout: { ...pending, mode: 'now' } });
    store.getState().setShift({ ...onShift, pendingLogout: { ...pending, mode: 'now' } });
    expect(rejectCall).toHaveBeenCalledTimes(1);
    expect(hangUp).not.toHaveBeenCalled();
  });
});
