import { afterEach, describe, expect, test } from 'vitest';
import type { ChatScheduleView } from '../../shared/hub/chatApi';
import { activeSession, failed, installFakeTavsApi, ok, removeFakeTavsApi } from '../testing/fakeTavsApi';

const view: ChatScheduleView = {
  schedule: { weekly: null, exceptions: [] },
  timeZone: 'Europe/Copenhagen',
  open: true,
  nextChange: null,
  todayLabel: null,
};
const replies = [{ title: 'Velkomst', text: 'Hej, du skriver med en rådgiver.' }];

async function store() {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  useAppStore.setState({ session: activeSession('administrator') });
  return useAppStore;
}

afterEach(removeFakeTavsApi);

describe('the chat settings in the store', () => {
  test('loads the canned replies and the opening hours; each load tells the editors to start again', async () => {
    installFakeTavsApi({ 'chatSettings:get': () => ok({ replies, schedule: view }) });
    const app = await store();
    await app.getState().loadChatSettings();
    expect(app.getState().chatSettings).toMatchObject({ status: 'ready', replies, schedule: view, loaded: 1 });
    await app.getState().loadChatSettings();
    expect(app.getState().chatSettings.loaded).toBe(2);
  });

  test('a save sends the whole list or schedule and shows what the hub answered; a refusal changes nothing', async () => {
    const saved: ChatScheduleView = { ...view, schedule: { weekly: [[], [], [], [], [], [], []], exceptions: [] }, open: false };
    let refuse = false;
    const requests = installFakeTavsApi({
      'chatSettings:get': () => ok({ replies: [], schedule: view }),
      'chatSettings:saveCannedReplies': () => (refuse ? failed('invalid-chat-settings') : ok({ replies })),
      'chatSettings:saveSchedule': () => (refuse ? failed('invalid-chat-settings') : ok(saved)),
    });
    const app = await store();
    await app.getState().loadChatSettings();
    expect(await app.getState().saveCannedReplies({ replies })).toBeNull();
    expect(await app.getState().saveChatSchedule(saved.schedule)).toBeNull();
    expect(app.getState().chatSettings).toMatchObject({ replies, schedule: saved });
    refuse = true;
    expect(await app.getState().saveCannedReplies({ replies: [] })).toBe('invalid-chat-settings');
    expect(await app.getState().saveChatSchedule(view.schedule)).toBe('invalid-chat-settings');
    expect(app.getState().chatSettings).toMatchObject({ replies, schedule: saved });
    expect(requests.slice(1, 3)).toEqual([
      { channel: 'chatSettings:saveCannedReplies', payload: { replies } },
      { channel: 'chatSettings:saveSchedule', payload: saved.schedule },
    ]);
  });

  test('a failed load says why', async () => {
    installFakeTavsApi({ 'chatSettings:get': () => failed('forbidden') });
    const app = await store();
    await app.getState().loadChatSettings();
    expect(app.getState().chatSettings).toMatchObject({ status: 'failed', error: 'forbidden', schedule: null });
  });
});
