import { afterEach, describe, expect, test } from 'vitest';
import { activeSession, desk, deskConversation, deskMessage, removeFakeTavsApi } from '../testing/fakeTavsApi';
import { initialBoardView } from './boardSlice';
import { initialChatSettingsView } from './chatSettingsSlice';
import { initialChatView } from './chatSlice';
import { initialShiftPlanView } from './shiftPlanSlice';
import { initialStatisticsView } from './statisticsSlice';
import { initialSoftphoneState } from '../softphone/softphoneState';

afterEach(removeFakeTavsApi);

describe('locking the workstation', () => {
  test('wipes everything the shift put into the renderer and keeps only the workstation\'s own settings', async () => {
    const { useAppStore } = await import('./appStore');
    const store = useAppStore;
    store.setState({
      session: activeSession('administrator'),
      locale: 'en',
      shift: { status: 'on', startsAt: '2026-03-02T07:00:00Z', endsAt: '2026-03-02T15:00:00Z', ending: true, presence: 'away', awayReason: 'break', presenceLink: 'online', pendingLogout: null },
      reportedActivity: 'in-call',
      presenceError: 'internal',
      board: {
        ...initialBoardView,
        status: 'ready',
        receivedAt: 1,
        filter: { group: 'away', search: 'anna' },
        snapshot: {
          generatedAt: '2026-03-02T10:00:00Z',
          counsellors: [],
          queue: { calls: 1, chats: 0 },
          today: { answered: 3, missed: 0 },
          chat: { waiting: 1, longestWaitSeconds: 40, active: 2 },
          alerts: [],
        },
      },
      chat: {
        ...initialChatView,
        status: 'ready',
        desk: desk({ conversations: [deskConversation('00000000-0000-4000-8000-0000000000c1', { messages: [deskMessage(1, 'visitor', 'hej')] })] }),
        selected: '00000000-0000-4000-8000-0000000000c1',
        numbers: { '00000000-0000-4000-8000-0000000000c1': 1 },
        nextNumber: 2,
        composer: { '00000000-0000-4000-8000-0000000000c1': 'halvt skrevet svar' },
        cannedReplies: [{ title: 'Velkomst', text: 'Hej, du skriver med en rådgiver.' }],
      },
      chatSettings: { ...initialChatSettingsView, status: 'ready', replies: [{ title: 'Velkomst', text: 'Hej' }] },
      shiftPlan: { ...initialShiftPlanView, weekStart: '2026-03-02', status: 'ready', importResult: { created: 1, problems: [] } },
      statistics: { ...initialStatisticsView, status: 'loading' },
      softphone: { ...initialSoftphoneState, registration: 'registered' },
    });
    store.getState().setSession({ status: 'locked', reason: 'shift-ended' });
    const state = store.getState();
    expect(state.session).toEqual({ status: 'locked', reason: 'shift-ended' });
    expect(state.shift).toEqual({ status: 'none' });
    expect(state.reportedActivity).toBe('none');
    expect(state.presenceError).toBeNull();
    expect(state.board).toEqual(initialBoardView);
    expect(state.shiftPlan).toEqual(initialShiftPlanView);
    expect(state.statistics).toEqual(initialStatisticsView);
    expect(state.softphone).toEqual(initialSoftphoneState);
    expect(state.chat).toEqual(initialChatView);
    expect(state.chatSettings).toEqual(initialChatSettingsView);
    expect(state.locale).toBe('en');
  });
});
