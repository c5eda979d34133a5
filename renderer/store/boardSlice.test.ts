import { afterEach, describe, expect, test } from 'vitest';
import type { BoardSnapshot } from '../../shared/hub/presenceApi';
import { activeSession, deferred, failed, installFakeTavsApi, ok, removeFakeTavsApi, settle } from '../testing/fakeTavsApi';

const userId = '00000000-0000-4000-8000-000000000001';
function snapshot(generatedAt: string, state: 'available' | 'in-call'): BoardSnapshot {
  return {
    generatedAt,
    counsellors: [{ userId, displayName: 'Anna', state, since: generatedAt, awayReason: null, shift: null, pendingLogout: null }],
    queue: { calls: 2, chats: null },
    today: { answered: 14, missed: 1 },
    chat: null,
    alerts: [],
  };
}

async function store(role: 'counsellor' | 'supervisor' | 'administrator') {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  useAppStore.setState({ session: activeSession(role) });
  return useAppStore;
}

afterEach(removeFakeTavsApi);

describe('the board slice', () => {
  test('an older snapshot never replaces a newer one (the board:get answer can arrive after a push)', async () => {
    const answer = deferred<ReturnType<typeof ok<BoardSnapshot>>>();
    installFakeTavsApi({ 'board:get': () => answer.promise });
    const board = await store('supervisor');
    const loading = board.getState().loadBoard();
    expect(board.getState().board.status).toBe('loading');
    board.getState().applyBoard(snapshot('2026-03-02T10:00:05Z', 'in-call'));
    answer.resolve(ok(snapshot('2026-03-02T10:00:04Z', 'available')));
    await loading;
    expect(board.getState().board).toMatchObject({ status: 'ready', snapshot: { generatedAt: '2026-03-02T10:00:05Z' } });
    expect(board.getState().board.snapshot?.counsellors[0]?.state).toBe('in-call');
  });

  test('a counsellor, or a locked workstation, keeps no board', async () => {
    const requests = installFakeTavsApi({ 'board:get': () => ok(snapshot('2026-03-02T10:00:00Z', 'available')) });
    const board = await store('counsellor');
    await board.getState().loadBoard();
    board.getState().applyBoard(snapshot('2026-03-02T10:00:00Z', 'available'));
    expect(requests).toEqual([]);
    expect(board.getState().board.snapshot).toBeNull();
    board.setState({ session: { status: 'locked' } });
    board.getState().applyBoard(snapshot('2026-03-02T10:00:01Z', 'available'));
    expect(board.getState().board.snapshot).toBeNull();
  });

  test('a failed load says why and can be retried', async () => {
    installFakeTavsApi({ 'board:get': () => failed('hub-unreachable') });
    const board = await store('administrator');
    await board.getState().loadBoard();
    expect(board.getState().board).toMatchObject({ status: 'failed', error: 'hub-unreachable' });
  });

  test('commands carry the counsellor and the supervisor\'s choice; a refusal comes back as its code', async () => {
    const requests = installFakeTavsApi({ 'board:logout': () => ok({}), 'board:setState': () => failed('not-on-shift') });
    const board = await store('supervisor');
    expect(await board.getState().logoutCounsellor(userId, { reason: 'forgot-logout', note: null, mode: 'now' })).toBeNull();
    expect(await board.getState().setCounsellorState(userId, 'away', 'break')).toBe('not-on-shift');
    await settle();
    expect(requests).toEqual([
      { channel: 'board:logout', payload: { userId, reason: 'forgot-logout', note: null, mode: 'now' } },
      { channel: 'board:setState', payload: { userId, state: 'away', awayReason: 'break' } },
    ]);
  });
});

describe('chat emergencies on the board', () => {
  test('acknowledging an alert names only the alert; a refusal comes back as its code', async () => {
    const alertId = '00000000-0000-4000-8000-0000000000a1';
    let refuse = false;
    const requests = installFakeTavsApi({ 'board:acknowledgeAlert': () => (refuse ? failed('forbidden') : ok({})) });
    const board = await store('supervisor');
    expect(await board.getState().acknowledgeAlert(alertId)).toBeNull();
    refuse = true;
    expect(await board.getState().acknowledgeAlert(alertId)).toBe('forbidden');
    expect(requests).toEqual([
      { channel: 'board:acknowledgeAlert', payload: { alertId } },
      { channel: 'board:acknowledgeAlert', payload: { alertId } },
    ]);
  });
});
