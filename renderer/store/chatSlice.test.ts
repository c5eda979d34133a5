import { afterEach, describe, expect, test } from 'vitest';
import type { RequestChannel } from '../../shared/contract/channels';
import type { ChatDesk, DraftView } from '../../shared/contract/schemas';
import { emptyRecordForm } from '../../shared/records/recordModel';
import { defaultRecordPolicy } from '../../shared/records/recordPolicy';
import {
  activeSession,
  chatOffer,
  deferred,
  desk,
  deskConversation,
  deskMessage,
  emitFakeEvent,
  failed,
  installFakeTavsApi,
  ok,
  removeFakeTavsApi,
  settle,
  type FakeAnswer,
} from '../testing/fakeTavsApi';

const a = '00000000-0000-4000-8000-00000000000a';
const b = '00000000-0000-4000-8000-00000000000b';
const offerId = '00000000-0000-4000-8000-0000000000f1';
const replies = [{ title: 'Velkomst', text: 'Hej, du skriver med en rådgiver.' }];

const chatDraft: DraftView = {
  draftId: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a22',
  facts: { channel: 'chat', startedAt: '2026-03-02T10:00:00Z', durationMinutes: 5, shiftId: 's1', returningContact: false },
  form: emptyRecordForm,
  fromEarlierShift: false,
};

/** The records channels a wrap-up touches, answering as a ready store would. */
const recordsReady: Partial<Record<RequestChannel, FakeAnswer>> = {
  'records:status': () => ok({ state: 'ready' }),
  'records:policy': () => ok({ topics: defaultRecordPolicy.topics, requiredFields: defaultRecordPolicy.requiredFields }),
  'records:listShift': () => ok({ records: [], drafts: [] }),
};

async function store(role: 'counsellor' | 'supervisor' = 'counsellor') {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  useAppStore.setState({ session: activeSession(role) });
  return useAppStore;
}

const channels = (requests: ReturnType<typeof installFakeTavsApi>): string[] => requests.map((request) => request.channel);

afterEach(removeFakeTavsApi);

describe('the chat desk in the store', () => {
  test('loads the desk and the canned replies when the desk opens', async () => {
    const current = desk({ conversations: [deskConversation(a)] });
    installFakeTavsApi({ 'chat:state': () => ok(current), 'chat:cannedReplies': () => ok({ replies }) });
    const app = await store();
    await app.getState().loadChat();
    expect(app.getState().chat).toMatchObject({ status: 'ready', desk: current, selected: a, numbers: { [a]: 1 }, cannedReplies: replies });
  });

  test('without canned replies (refused) the desk still works; a refused desk says why', async () => {
    installFakeTavsApi({ 'chat:state': () => failed('chat-offline'), 'chat:cannedReplies': () => failed('hub-unreachable') });
    const app = await store();
    await app.getState().loadChat();
    expect(app.getState().chat).toMatchObject({ status: 'failed', error: 'chat-offline', cannedReplies: null, desk: null });
  });

  test('a supervisor\'s workstation asks for no desk and keeps none that is pushed', async () => {
    const requests = installFakeTavsApi({ 'chat:state': () => ok(desk()) });
    const app = await store('supervisor');
    await app.getState().loadChat();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a)] }));
    expect(requests).toEqual([]);
    expect(app.getState().chat.desk).toBeNull();
  });

  test('every chat:changed from the main process replaces the desk; after the lock nothing of it stays or comes back', async () => {
    installFakeTavsApi({
      'app:info': () => ok({ version: '0', transport: 'bridge', packaged: false }),
      'settings:get': () => ok({ locale: 'da' }),
      'session:get': () => ok(activeSession('counsellor')),
      'connection:get': () => ok({ hub: 'online', sip: 'online' }),
      'sync:status': () => ok({ pending: 0, quarantined: 0, lastError: null, lastSyncedAt: null }),
    });
    const app = await store();
    const { connectStore } = await import('./connectStore');
    await connectStore();
    const pushed = desk({ conversations: [deskConversation(a, { messages: [deskMessage(1, 'visitor', 'hej')] })] });
    emitFakeEvent('chat:changed', pushed);
    expect(app.getState().chat.desk).toEqual(pushed);
    app.getState().setChatComposer(a, 'et svar');
    emitFakeEvent('session:changed', { status: 'locked' });
    expect(app.getState().chat.desk).toBeNull();
    expect(app.getState().chat.composer).toEqual({});
    emitFakeEvent('chat:changed', pushed);
    expect(app.getState().chat.desk).toBeNull();
  });

  test('accepting an offer opens its chat in a tab, also when the chat arrives after the answer', async () => {
    const offered = desk({ offers: [chatOffer(offerId, b)], conversations: [deskConversation(a)] });
    const requests = installFakeTavsApi({ 'chat:accept': () => ok(offered) });
    const app = await store();
    app.getState().applyChatDesk(offered);
    expect(app.getState().chat.selected).toBe(a);
    expect(await app.getState().acceptChatOffer(offerId)).toBeNull();
    expect(requests[0]).toEqual({ channel: 'chat:accept', payload: { offerId } });
    expect(app.getState().chat.selected).toBe(a);
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a), deskConversation(b)] }));
    expect(app.getState().chat.selected).toBe(b);
    expect(app.getState().chat.numbers).toEqual({ [a]: 1, [b]: 2 });
  });

  test('a refused accept (the offer went on) comes back as its code and opens nothing', async () => {
    installFakeTavsApi({ 'chat:accept': () => failed('unknown-conversation') });
    const app = await store();
    app.getState().applyChatDesk(desk({ offers: [chatOffer(offerId, b)], conversations: [deskConversation(a)] }));
    expect(await app.getState().acceptChatOffer(offerId)).toBe('unknown-conversation');
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a), deskConversation(b)] }));
    expect(app.getState().chat.selected).toBe(a);
  });

  test('when the open chat leaves the desk (transferred) another one opens', async () => {
    const requests = installFakeTavsApi({ 'chat:transfer': () => ok(desk({ conversations: [deskConversation(b)] })) });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a), deskConversation(b)] }));
    app.getState().setChatComposer(a, 'halvt svar');
    expect(await app.getState().transferChat(a, null)).toBeNull();
    expect(requests[0]).toEqual({ channel: 'chat:transfer', payload: { conversationId: a, toUserId: null } });
    expect(app.getState().chat).toMatchObject({ selected: b, composer: {} });
  });
});

describe('sending', () => {
  test('sends the trimmed text with a fresh client id and empties the composer at once', async () => {
    const answer = deferred<ReturnType<typeof ok<ChatDesk>>>();
    const requests = installFakeTavsApi({ 'chat:send': () => answer.promise });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a)] }));
    app.getState().setChatComposer(a, '  Hej, jeg er her.\nSkriv løs.  ');
    const sending = app.getState().sendChatMessage(a);
    expect(app.getState().chat.composer[a]).toBe('');
    // Enter pressed again while the first is on its way sends nothing more.
    app.getState().setChatComposer(a, 'næste');
    await app.getState().sendChatMessage(a);
    answer.resolve(ok(desk({ conversations: [deskConversation(a, { messages: [deskMessage(null, 'counsellor', 'Hej, jeg er her.\nSkriv løs.')] })] })));
    expect(await sending).toBeNull();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.payload).toMatchObject({ conversationId: a, text: 'Hej, jeg er her.\nSkriv løs.' });
    expect((requests[0]?.payload as { clientId: string }).clientId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(app.getState().chat.sending).toEqual({});
  });

  test('a refused message comes back into the composer, not lost', async () => {
    installFakeTavsApi({ 'chat:send': () => failed('chat-refused') });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a)] }));
    app.getState().setChatComposer(a, 'vigtigt svar');
    expect(await app.getState().sendChatMessage(a)).toBe('chat-refused');
    expect(app.getState().chat.composer[a]).toBe('vigtigt svar');
  });

  test('nothing goes out that is empty, over the policy\'s limit, or while the link is down', async () => {
    const requests = installFakeTavsApi({ 'chat:send': () => ok(desk()) });
    const app = await store();
    app.getState().applyChatDesk(desk({ maxMessageChars: 100, conversations: [deskConversation(a)] }));
    for (const text of ['   ', 'x'.repeat(101)]) {
      app.getState().setChatComposer(a, text);
      await app.getState().sendChatMessage(a);
    }
    app.getState().applyChatDesk(desk({ link: 'offline', conversations: [deskConversation(a)] }));
    app.getState().setChatComposer(a, 'hej');
    await app.getState().sendChatMessage(a);
    expect(requests).toEqual([]);
    expect(app.getState().chat.composer[a]).toBe('hej');
  });
});

describe('read markers', () => {
  test('looking at a chat marks it read up to its latest message, once per message', async () => {
    const conversation = deskConversation(a, { readSeq: 1, messages: [deskMessage(1, 'visitor', 'hej'), deskMessage(2, 'visitor', 'er du der?')] });
    const requests = installFakeTavsApi({ 'chat:markRead': () => ok(desk({ conversations: [{ ...conversation, readSeq: 2 }] })) });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [conversation] }));
    app.getState().markChatRead(a);
    app.getState().markChatRead(a);
    await settle();
    app.getState().markChatRead(a);
    expect(requests).toEqual([{ channel: 'chat:markRead', payload: { conversationId: a, seq: 2 } }]);
    expect(app.getState().chat.desk?.conversations[0]?.readSeq).toBe(2);
  });

  test('a refused marker is tried again on the next look', async () => {
    const conversation = deskConversation(a, { messages: [deskMessage(1, 'visitor', 'hej')] });
    const requests = installFakeTavsApi({ 'chat:markRead': () => failed('chat-offline') });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [conversation] }));
    app.getState().markChatRead(a);
    await settle();
    app.getState().markChatRead(a);
    expect(channels(requests)).toEqual(['chat:markRead', 'chat:markRead']);
  });
});

describe('the wrap-up after a chat', () => {
  test('a chat that ends opens its record (channel chat, no call) once; "Klar" waits for the record, then dismisses', async () => {
    const requests = installFakeTavsApi({
      ...recordsReady,
      'records:startDraft': () => ok(chatDraft),
      'chat:dismiss': () => ok(desk()),
    });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a)] }));
    const ended = deskConversation(a, { state: 'ended', startedAt: '2026-03-02T10:00:00.000Z', endedAt: '2026-03-02T10:05:00.000Z' });
    app.getState().applyChatDesk(desk({ conversations: [ended] }));
    app.getState().applyChatDesk(desk({ conversations: [ended] }));
    expect(app.getState().chat.wrapUps[a]).toEqual({ state: 'starting' });
    expect(app.getState().records.starting).toBe(true);
    await settle();
    const starts = requests.filter((request) => request.channel === 'records:startDraft');
    expect(starts).toEqual([
      {
        channel: 'records:startDraft',
        payload: { channel: 'chat', callId: null, startedAt: Date.parse('2026-03-02T10:00:00.000Z'), endedAt: Date.parse('2026-03-02T10:05:00.000Z') },
      },
    ]);
    expect(app.getState().chat.wrapUps[a]).toEqual({ state: 'started', draftId: chatDraft.draftId });
    expect(app.getState().records.draft?.draftId).toBe(chatDraft.draftId);

    expect(await app.getState().dismissChat(a)).toBeNull();
    expect(channels(requests)).not.toContain('chat:dismiss');

    // The record is stored (or left as a draft): the form closes, "Klar" takes the chat away.
    app.setState((state) => ({ records: { ...state.records, draft: null } }));
    expect(await app.getState().dismissChat(a)).toBeNull();
    expect(requests.filter((request) => request.channel === 'chat:dismiss')).toEqual([{ channel: 'chat:dismiss', payload: { conversationId: a } }]);
    expect(app.getState().chat).toMatchObject({ desk: { conversations: [] }, wrapUps: {}, selected: null });
  });

  test('a chat the visitor ended (it arrives ended) gets its wrap-up too; a record that cannot be made does not hold the counsellor', async () => {
    const requests = installFakeTavsApi({ ...recordsReady, 'records:startDraft': () => failed('records-unavailable'), 'chat:dismiss': () => ok(desk()) });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a, { state: 'ended', endedAt: null })] }));
    await settle();
    expect(app.getState().chat.wrapUps[a]).toEqual({ state: 'failed', error: 'records-unavailable' });
    expect(app.getState().records.startError).toBe('records-unavailable');
    expect(await app.getState().dismissChat(a)).toBeNull();
    expect(channels(requests)).toContain('chat:dismiss');
  });

  test('a record answer arriving after the lock is dropped', async () => {
    const answer = deferred<ReturnType<typeof ok<DraftView>>>();
    installFakeTavsApi({ ...recordsReady, 'records:startDraft': () => answer.promise });
    const app = await store();
    app.getState().applyChatDesk(desk({ conversations: [deskConversation(a, { state: 'ended' })] }));
    app.getState().setSession({ status: 'locked' });
    answer.resolve(ok(chatDraft));
    await settle();
    expect(app.getState().records.draft).toBeNull();
    expect(app.getState().chat.wrapUps).toEqual({});
  });
});
