import { describe, expect, test } from 'vitest';
import type { ChatMessage, CounsellorConversation, CounsellorEvent } from '../../shared/hub/chatApi';
import { ChatDeskState, DESK_MESSAGES_MAX } from './chatDeskState';

const A = '6f1c2a4e-8b1d-4c9e-9a57-0c3e5b7d9f11';
const B = '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b';
const OFFER = 'aa0b6d2e-4c1f-4e3a-9b8d-7f6e5d4c3b2a';
const now = new Date('2025-03-04T10:00:00.000Z');

function message(seq: number, from: ChatMessage['from'] = 'visitor', text = `m${seq}`): ChatMessage {
  return { seq, from, text, notice: null, sentAt: new Date(now.getTime() + seq * 1000).toISOString() };
}

function conversation(id: string, overrides: Partial<CounsellorConversation> = {}): CounsellorConversation {
  return { conversationId: id, state: 'active', startedAt: now.toISOString(), escalated: false, messages: [], ...overrides };
}

function welcome(conversations: CounsellorConversation[] = []): CounsellorEvent {
  return { type: 'welcome', maxParallelChats: 3, maxMessageChars: 2000, conversations };
}

function deskWith(...conversations: CounsellorConversation[]): ChatDeskState {
  const desk = new ChatDeskState();
  desk.apply(welcome(), now);
  for (const held of conversations) desk.apply({ type: 'conversation', conversation: held }, now);
  return desk;
}

const seqs = (desk: ChatDeskState, id: string): (number | null)[] => desk.conversation(id)?.messages.map((held) => held.seq) ?? [];

describe('ChatDeskState', () => {
  test('an offer is shown until accepted: the conversation event replaces it', () => {
    const desk = deskWith();
    desk.apply({ type: 'offer', offer: { offerId: OFFER, conversationId: A, expiresAt: now.toISOString(), waitedSeconds: 12, transfer: false } }, now);
    expect(desk.snapshot('online', true).offers).toHaveLength(1);
    desk.apply({ type: 'conversation', conversation: conversation(A) }, now);
    const snapshot = desk.snapshot('online', true);
    expect(snapshot.offers).toEqual([]);
    expect(snapshot.conversations.map((held) => held.conversationId)).toEqual([A]);
    expect(desk.work()).toEqual({ live: 1, wrappingUp: 0 });
  });

  test('a withdrawn offer leaves the desk', () => {
    const desk = deskWith();
    desk.apply({ type: 'offer', offer: { offerId: OFFER, conversationId: A, expiresAt: now.toISOString(), waitedSeconds: 0, transfer: true } }, now);
    desk.apply({ type: 'offer-withdrawn', offerId: OFFER, reason: 'expired' }, now);
    expect(desk.snapshot('online', true).offers).toEqual([]);
  });

  test('every message is acknowledged as it arrives, and the earlier ones of a transfer at once', () => {
    const desk = deskWith();
    const transferred = desk.apply({ type: 'conversation', conversation: conversation(A, { messages: [message(1), message(2, 'counsellor'), message(3)] }) }, now);
    expect(transferred.acks).toEqual([{ conversationId: A, seq: 3 }]);
    expect(desk.apply({ type: 'message', conversationId: A, message: message(4), clientId: null }, now).acks).toEqual([{ conversationId: A, seq: 4 }]);
    expect(seqs(desk, A)).toEqual([1, 2, 3, 4]);
  });

  test('own messages are pending until the echo, which takes their place in seq order', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }));
    desk.addPending(A, 'c-1', 'hej', now);
    desk.addPending(A, 'c-2', 'hvordan går det?', now);
    expect(desk.conversation(A)?.messages.map((held) => [held.seq, held.pending])).toEqual([
      [1, false],
      [null, true],
      [null, true],
    ]);
    // The visitor's message overtakes the pending ones; the echo then lands after it.
    desk.apply({ type: 'message', conversationId: A, message: message(2), clientId: null }, now);
    desk.apply({ type: 'message', conversationId: A, message: message(3, 'counsellor', 'hej'), clientId: 'c-1' }, now);
    expect(desk.conversation(A)?.messages.map((held) => [held.seq, held.clientId, held.pending])).toEqual([
      [1, null, false],
      [2, null, false],
      [3, 'c-1', false],
      [null, 'c-2', true],
    ]);
    expect(desk.hasMessage(A, 'c-1')).toBe(true);
    expect(desk.hasMessage(A, 'c-9')).toBe(false);
  });

  test('a refused message is taken off the desk and the refusal kept as a fixed word', () => {
    const desk = deskWith(conversation(A));
    desk.addPending(A, 'c-1', 'x'.repeat(10), now);
    desk.apply({ type: 'error', code: 'rate-limited', conversationId: A, clientId: 'c-1' }, now);
    expect(desk.conversation(A)?.messages).toEqual([]);
    expect(desk.snapshot('online', true).lastError).toBe('rate-limited');
  });

  test('a reconnect keeps held conversations, drops those requeued meanwhile, and resends pending messages', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }), conversation(B));
    desk.addPending(A, 'c-1', 'er du der?', now);
    desk.apply({ type: 'offer', offer: { offerId: OFFER, conversationId: '0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c', expiresAt: now.toISOString(), waitedSeconds: 0, transfer: false } }, now);
    desk.linkLost();
    // The hub repeats what was not acknowledged (seq 1 again, and seq 2 that came meanwhile); B went back to the queue.
    const effects = desk.apply(welcome([conversation(A, { messages: [message(1), message(2)] })]), now);
    expect(seqs(desk, A)).toEqual([1, 2, null]);
    expect(desk.conversation(B)).toBeUndefined();
    expect(effects.acks).toEqual([{ conversationId: A, seq: 2 }]);
    expect(effects.resend).toEqual([{ conversationId: A, clientId: 'c-1', text: 'er du der?' }]);
    expect(desk.snapshot('online', true).offers).toEqual([]);
  });

  test('a resent message the hub already had is not doubled: the echo names the seq it has', () => {
    const desk = deskWith(conversation(A));
    desk.addPending(A, 'c-1', 'hej', now);
    // The hub accepted it before the drop; its welcome repeats it without a clientId.
    desk.apply(welcome([conversation(A, { messages: [message(1, 'counsellor', 'hej')] })]), now);
    desk.apply({ type: 'message', conversationId: A, message: message(1, 'counsellor', 'hej'), clientId: 'c-1' }, now);
    expect(desk.conversation(A)?.messages.map((held) => [held.seq, held.clientId, held.pending])).toEqual([[1, 'c-1', false]]);
  });

  test('an ended conversation stays for its wrap-up, survives a reconnect, and goes at dismiss', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }));
    desk.apply({ type: 'typing', conversationId: A, typing: true }, now);
    expect(desk.conversation(A)?.visitorTyping).toBe(true);
    desk.apply({ type: 'conversation', conversation: conversation(A, { state: 'ended' }) }, now);
    expect(desk.conversation(A)).toMatchObject({ state: 'ended', endedAt: now.toISOString(), visitorTyping: false });
    expect(seqs(desk, A)).toEqual([1]);
    expect(desk.work()).toEqual({ live: 0, wrappingUp: 1 });
    desk.apply(welcome([]), now);
    expect(desk.conversation(A)?.state).toBe('ended');
    desk.dismiss(A);
    expect(desk.work()).toEqual({ live: 0, wrappingUp: 0 });
  });

  test('a conversation transferred or requeued leaves the desk with its messages', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }), conversation(B));
    desk.apply({ type: 'released', conversationId: A, reason: 'transferred' }, now);
    desk.apply({ type: 'released', conversationId: B, reason: 'requeued' }, now);
    expect(desk.snapshot('online', true).conversations).toEqual([]);
  });

  test('a conversation released as ended (a block) stays, over, for its wrap-up; unsent messages go', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }));
    desk.addPending(A, 'c-1', 'hej', now);
    desk.apply({ type: 'released', conversationId: A, reason: 'ended' }, now);
    expect(desk.conversation(A)).toMatchObject({ state: 'ended', endedAt: now.toISOString() });
    expect(seqs(desk, A)).toEqual([1]);
    expect(desk.work()).toEqual({ live: 0, wrappingUp: 1 });
  });

  test('readSeq only moves forward and never past the last message', () => {
    const desk = deskWith(conversation(A, { messages: [message(1), message(2)] }));
    desk.markRead(A, 9);
    expect(desk.conversation(A)?.readSeq).toBe(2);
    desk.markRead(A, 1);
    expect(desk.conversation(A)?.readSeq).toBe(2);
  });

  test('a long conversation keeps only its latest messages', () => {
    const desk = deskWith(conversation(A));
    for (let seq = 1; seq <= DESK_MESSAGES_MAX + 5; seq++) desk.apply({ type: 'message', conversationId: A, message: message(seq), clientId: null }, now);
    const held = seqs(desk, A);
    expect(held).toHaveLength(DESK_MESSAGES_MAX);
    expect(held[0]).toBe(6);
  });

  test('a message for a conversation not on the desk is ignored and not acknowledged', () => {
    const desk = deskWith();
    expect(desk.apply({ type: 'message', conversationId: A, message: message(1), clientId: null }, now).acks).toEqual([]);
  });

  test('the snapshot is a copy, and clear leaves nothing of the shift', () => {
    const desk = deskWith(conversation(A, { messages: [message(1)] }));
    const snapshot = desk.snapshot('online', true);
    snapshot.conversations[0]?.messages.splice(0);
    expect(seqs(desk, A)).toEqual([1]);
    desk.apply({ type: 'error', code: 'no-capacity', conversationId: null, clientId: null }, now);
    desk.clear();
    expect(desk.snapshot('off', false)).toEqual({ link: 'off', accepting: false, maxParallelChats: 0, maxMessageChars: 0, offers: [], conversations: [], lastError: null });
  });
});
