import { describe, expect, test } from 'vitest';
import { chatOffer, desk, deskConversation, deskMessage } from '../testing/fakeTavsApi';
import { chatActivityOf, isOngoing, latestSeq, messageKey, numberConversations, selectedConversationId, unreadCount, usedCapacity } from './deskModel';

const a = '00000000-0000-4000-8000-00000000000a';
const b = '00000000-0000-4000-8000-00000000000b';
const c = '00000000-0000-4000-8000-00000000000c';

describe('unread messages', () => {
  test('are the visitor\'s messages after readSeq; the counsellor\'s own, the hub\'s notices and pending ones never count', () => {
    const conversation = deskConversation(a, {
      readSeq: 2,
      messages: [
        deskMessage(1, 'visitor', 'hej'),
        deskMessage(2, 'counsellor', 'hej, du skriver med en rådgiver'),
        deskMessage(3, 'visitor', 'jeg har det svært'),
        deskMessage(4, 'system', '', { notice: 'visitor-back' }),
        deskMessage(5, 'visitor', 'er du der?'),
        deskMessage(null, 'counsellor', 'ja', { clientId: 'x1' }),
      ],
    });
    expect(unreadCount(conversation)).toBe(2);
    expect(unreadCount({ ...conversation, readSeq: 5 })).toBe(0);
    expect(unreadCount({ ...conversation, readSeq: 0 })).toBe(3);
  });

  test('markRead goes up to the highest seq the hub has given, whoever sent it; none yet is 0', () => {
    expect(latestSeq(deskConversation(a))).toBe(0);
    const messages = [deskMessage(3, 'visitor', 'x'), deskMessage(7, 'system', '', { notice: 'visitor-back' }), deskMessage(null, 'counsellor', 'y')];
    expect(latestSeq(deskConversation(a, { messages }))).toBe(7);
  });

  test('a list key is the seq, or the sender\'s id while pending, so a message keeps its row when the hub numbers it', () => {
    expect(messageKey(deskMessage(4, 'visitor', 'x'), 0)).toBe('seq-4');
    expect(messageKey(deskMessage(null, 'counsellor', 'x', { clientId: 'c1' }), 3)).toBe('pending-c1');
    expect(messageKey(deskMessage(null, 'counsellor', 'x'), 3)).toBe('index-3');
  });
});

describe('the open tab', () => {
  test('stays where the counsellor put it while that chat exists', () => {
    const current = desk({ conversations: [deskConversation(a), deskConversation(b)] });
    expect(selectedConversationId(current, b)).toBe(b);
  });

  test('moves to a chat still going on when the chosen one left (transferred, dismissed), else to any, else none', () => {
    const ended = deskConversation(a, { state: 'ended', endedAt: '2026-03-02T10:05:00.000Z' });
    expect(selectedConversationId(desk({ conversations: [ended, deskConversation(b)] }), c)).toBe(b);
    expect(selectedConversationId(desk({ conversations: [ended] }), null)).toBe(a);
    expect(selectedConversationId(desk(), a)).toBeNull();
    expect(selectedConversationId(null, a)).toBeNull();
  });

  test('tab numbers are stable for the shift: a new chat gets the next, a gone one\'s number is not reused', () => {
    const first = numberConversations({}, 1, [deskConversation(a), deskConversation(b)]);
    expect(first).toEqual({ numbers: { [a]: 1, [b]: 2 }, next: 3 });
    const second = numberConversations(first.numbers, first.next, [deskConversation(b), deskConversation(c)]);
    expect(second).toEqual({ numbers: { [b]: 2, [c]: 3 }, next: 4 });
  });
});

describe('what the chat adds to the counsellor\'s activity', () => {
  test('in a chat while one goes on (the visitor briefly away included); wrap-up while only ended ones wait; else nothing', () => {
    expect(chatActivityOf(null)).toBe('none');
    expect(chatActivityOf(desk())).toBe('none');
    expect(chatActivityOf(desk({ offers: [chatOffer('00000000-0000-4000-8000-0000000000f1', a)] }))).toBe('none');
    expect(chatActivityOf(desk({ conversations: [deskConversation(a, { state: 'visitor-away' })] }))).toBe('in-chat');
    expect(chatActivityOf(desk({ conversations: [deskConversation(a, { state: 'ended' }), deskConversation(b)] }))).toBe('in-chat');
    expect(chatActivityOf(desk({ conversations: [deskConversation(a, { state: 'ended' })] }))).toBe('wrap-up');
  });

  test('capacity counts offers and chats going on, as the hub does, not chats in wrap-up', () => {
    const current = desk({
      offers: [chatOffer('00000000-0000-4000-8000-0000000000f1', c)],
      conversations: [deskConversation(a), deskConversation(b, { state: 'ended' })],
    });
    expect(usedCapacity(current)).toBe(2);
    expect([deskConversation(a), deskConversation(b, { state: 'ended' })].map(isOngoing)).toEqual([true, false]);
  });
});
