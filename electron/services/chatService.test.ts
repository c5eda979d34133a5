import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { ChatDesk } from '../../shared/contract/schemas';
import type { ChatMessage } from '../../shared/hub/chatApi';
import type { ChatHub } from '../hub/chatClient';
import { ChatLink } from '../hub/chatLink';
import { startFakeChatBroker, type BrokerConnection, type FakeChatBroker } from '../hub/testing/fakeChatBroker';
import { capturingLogger, waitFor } from '../store/testing/storeTestKit';
import { ChatService } from './chatService';

// ChatService with its real ChatLink against a loopback server speaking the hub's side of the
// counsellor socket, driven frame by frame. The real broker takes its place in integration/chat.

const A = '6f1c2a4e-8b1d-4c9e-9a57-0c3e5b7d9f11';
const OFFER = 'aa0b6d2e-4c1f-4e3a-9b8d-7f6e5d4c3b2a';
const at = new Date('2025-03-04T10:00:00.000Z');

let broker: FakeChatBroker;
beforeAll(async () => {
  broker = await startFakeChatBroker();
});
afterAll(async () => {
  await broker.close();
});

const services: ChatService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.dispose();
  broker.reset();
});

function message(seq: number, from: ChatMessage['from'] = 'visitor', text = `m${seq}`): ChatMessage {
  return { seq, from, text, notice: null, sentAt: at.toISOString() };
}

function startService(options: { answerMs?: number } = {}) {
  const log = capturingLogger();
  const pushed: ChatDesk[] = [];
  let workChanges = 0;
  const hub: ChatHub = {
    link: (linkLog, events, linkOptions) =>
      new ChatLink(() => new WebSocket(`${broker.url}/api/v1/chat`, { headers: { authorization: 'Bearer t' } }), linkLog, events, linkOptions),
    transferTargets: () => Promise.resolve({ ok: true, value: { targets: [] } }),
    cannedReplies: () => Promise.resolve({ ok: true, value: { replies: [{ title: 'Velkomst', text: 'Hej' }] } }),
    verifySession: () => Promise.resolve(),
  };
  const service = new ChatService(hub, log, (desk) => pushed.push(desk), () => workChanges++, {
    link: { backoff: { baseMs: 20, capMs: 100 }, pingMs: 5_000 },
    answerMs: options.answerMs ?? 2_000,
    coalesceMs: 16,
    typingExpiryMs: 200,
  });
  services.push(service);
  return { service, pushed, log, workChanges: () => workChanges };
}

/** A started shift with the link welcomed, and the broker's side of it. */
async function online(options: { answerMs?: number } = {}) {
  const started = startService(options);
  started.service.setAccepting(true);
  started.service.startShift();
  const connection = await broker.latest();
  await waitFor(() => started.service.state().link === 'online', 'online');
  return { ...started, connection };
}

/** Offers and accepts a conversation; the broker answers as the hub would. */
async function withConversation(connection: BrokerConnection, service: ChatService): Promise<void> {
  connection.send({ type: 'offer', offer: { offerId: OFFER, conversationId: A, expiresAt: new Date(Date.now() + 30_000).toISOString(), waitedSeconds: 4, transfer: false } });
  await waitFor(() => service.state().offers.length === 1, 'the offer');
  const accepting = service.accept(OFFER);
  await waitFor(() => connection.received.some((frame) => frame.type === 'accept'), 'accept sent');
  connection.send({ type: 'conversation', conversation: { conversationId: A, state: 'active', startedAt: at.toISOString(), escalated: false, messages: [] } });
  const accepted = await accepting;
  expect(accepted.ok).toBe(true);
}

const framesOf = (connection: BrokerConnection, type: string) => connection.received.filter((frame) => frame.type === type);

describe('ChatService', () => {
  test('accepting is told to the hub; an accepted offer becomes a conversation and the shift hears of the work', async () => {
    const { service, connection, workChanges } = await online();
    await waitFor(() => framesOf(connection, 'accepting').length === 1, 'accepting');
    expect(framesOf(connection, 'accepting')).toEqual([{ type: 'accepting', accepting: true }]);
    await withConversation(connection, service);
    expect(service.state()).toMatchObject({ link: 'online', accepting: true, offers: [], conversations: [{ conversationId: A, state: 'active' }] });
    expect(service.work()).toEqual({ live: 1, wrappingUp: 0 });
    expect(workChanges()).toBe(1);
    service.setAccepting(false);
    await waitFor(() => framesOf(connection, 'accepting').length === 2, 'not accepting');
  });

  test('every message from the hub is acknowledged at once; a burst is pushed as one change', async () => {
    const { service, connection, pushed } = await online();
    await withConversation(connection, service);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = pushed.length;
    for (let seq = 1; seq <= 5; seq++) connection.send({ type: 'message', conversationId: A, message: message(seq), clientId: null });
    await waitFor(() => framesOf(connection, 'ack').length === 5, 'five acks');
    expect(framesOf(connection, 'ack').map((frame) => frame.seq)).toEqual([1, 2, 3, 4, 5]);
    await waitFor(() => pushed.at(-1)?.conversations[0]?.messages.length === 5, 'pushed');
    expect(pushed.length - before).toBeLessThanOrEqual(2);
  });

  test('an own message is pending until the echo; a refusal takes it off with the code in the answer', async () => {
    const { service, connection } = await online();
    await withConversation(connection, service);
    const sending = service.send({ conversationId: A, clientId: 'c-1', text: 'Hej, jeg hedder Sara' });
    expect(service.state().conversations[0]?.messages).toMatchObject([{ pending: true, seq: null, clientId: 'c-1' }]);
    await waitFor(() => framesOf(connection, 'message').length === 1, 'sent');
    expect(framesOf(connection, 'message')[0]).toEqual({ type: 'message', conversationId: A, clientId: 'c-1', text: 'Hej, jeg hedder Sara' });
    connection.send({ type: 'message', conversationId: A, message: message(1, 'counsellor', 'Hej, jeg hedder Sara'), clientId: 'c-1' });
    const sent = await sending;
    expect(sent.ok && sent.value.conversations[0]?.messages).toMatchObject([{ pending: false, seq: 1, clientId: 'c-1' }]);

    const refused = service.send({ conversationId: A, clientId: 'c-2', text: 'igen' });
    await waitFor(() => framesOf(connection, 'message').length === 2, 'second sent');
    connection.send({ type: 'error', code: 'rate-limited', conversationId: A, clientId: 'c-2' });
    expect(await refused).toEqual({ ok: false, error: { code: 'chat-refused', message: 'the hub refused the message: rate-limited' } });
    expect(service.state()).toMatchObject({ lastError: 'rate-limited', conversations: [{ messages: [{ clientId: 'c-1' }] }] });
  });

  test('a message longer than the hub allows is refused here, unsent', async () => {
    const { service, connection } = await online();
    await withConversation(connection, service);
    const result = await service.send({ conversationId: A, clientId: 'c-1', text: 'x'.repeat(2001) });
    expect(result).toMatchObject({ ok: false, error: { code: 'chat-refused' } });
    expect(framesOf(connection, 'message')).toEqual([]);
  });

  test('an offer that lapsed before the accept reached the hub is unknown', async () => {
    const { service, connection } = await online();
    connection.send({ type: 'offer', offer: { offerId: OFFER, conversationId: A, expiresAt: at.toISOString(), waitedSeconds: 0, transfer: false } });
    await waitFor(() => service.state().offers.length === 1, 'offer');
    const accepting = service.accept(OFFER);
    await waitFor(() => framesOf(connection, 'accept').length === 1, 'accept sent');
    connection.send({ type: 'offer-withdrawn', offerId: OFFER, reason: 'expired' });
    expect(await accepting).toMatchObject({ ok: false, error: { code: 'unknown-conversation' } });
    expect(await service.accept(OFFER)).toMatchObject({ ok: false, error: { code: 'unknown-conversation' } });
  });

  test('end waits for the hub; the ended conversation stays for its wrap-up until dismissed', async () => {
    const { service, connection, workChanges } = await online();
    await withConversation(connection, service);
    expect(service.dismiss(A)).toMatchObject({ ok: false, error: { code: 'chat-refused' } });
    const ending = service.end(A);
    await waitFor(() => framesOf(connection, 'end').length === 1, 'end sent');
    connection.send({ type: 'conversation', conversation: { conversationId: A, state: 'ended', startedAt: at.toISOString(), escalated: false, messages: [] } });
    const ended = await ending;
    expect(ended.ok && ended.value.conversations[0]?.state).toBe('ended');
    expect(service.work()).toEqual({ live: 0, wrappingUp: 1 });
    expect(service.dismiss(A)).toMatchObject({ ok: true, value: { conversations: [] } });
    expect(workChanges()).toBe(3);
  });

  test('a transfer waits for the release; a refusal names the code', async () => {
    const { service, connection } = await online();
    await withConversation(connection, service);
    const refused = service.transfer(A, '0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c');
    await waitFor(() => framesOf(connection, 'transfer').length === 1, 'transfer sent');
    connection.send({ type: 'error', code: 'no-capacity', conversationId: A, clientId: null });
    expect(await refused).toEqual({ ok: false, error: { code: 'chat-refused', message: 'the hub refused the transfer: no-capacity' } });
    const requeue = service.transfer(A, null);
    await waitFor(() => framesOf(connection, 'transfer').length === 2, 'second transfer sent');
    // The conversation so far goes with it (here: none yet).
    expect(framesOf(connection, 'transfer')[1]).toEqual({ type: 'transfer', conversationId: A, toUserId: null, handover: [] });
    connection.send({ type: 'released', conversationId: A, reason: 'requeued' });
    expect(await requeue).toMatchObject({ ok: true, value: { conversations: [], lastError: null } });
  });

  test('a request the hub does not answer fails as offline instead of hanging', async () => {
    const { service, connection } = await online({ answerMs: 150 });
    await withConversation(connection, service);
    expect(await service.escalate(A)).toEqual({ ok: false, error: { code: 'chat-offline', message: 'the hub did not answer the escalate' } });
  });

  test("the visitor's typing shows until withdrawn, a message, or its expiry", async () => {
    const { service, connection } = await online();
    await withConversation(connection, service);
    connection.send({ type: 'typing', conversationId: A, typing: true });
    await waitFor(() => service.state().conversations[0]?.visitorTyping === true, 'typing');
    await waitFor(() => service.state().conversations[0]?.visitorTyping === false, 'typing expired', 2_000);
  });

  test('a dropped socket fails waiting requests, keeps the conversation and resends pending messages', async () => {
    const { service, connection } = await online();
    await withConversation(connection, service);
    const sending = service.send({ conversationId: A, clientId: 'c-1', text: 'er du der?' });
    const ending = service.end(A);
    await waitFor(() => framesOf(connection, 'end').length === 1, 'end sent');
    broker.welcome = {
      type: 'welcome',
      maxParallelChats: 3,
      maxMessageChars: 2000,
      conversations: [{ conversationId: A, state: 'active', startedAt: at.toISOString(), escalated: false, messages: [message(1)] }],
    };
    connection.socket.terminate();
    expect(await sending).toMatchObject({ ok: true, value: { conversations: [{ messages: [{ pending: true }] }] } });
    expect(await ending).toMatchObject({ ok: false, error: { code: 'chat-offline' } });
    expect(await service.end(A)).toMatchObject({ ok: false, error: { code: 'chat-offline' } });
    await waitFor(() => broker.connections.length === 2, 'reconnected');
    const second = await broker.latest();
    await waitFor(() => framesOf(second, 'message').length === 1 && framesOf(second, 'ack').length === 1, 'resent and acked');
    expect(framesOf(second, 'message')[0]).toEqual({ type: 'message', conversationId: A, clientId: 'c-1', text: 'er du der?' });
    expect(framesOf(second, 'ack')[0]).toEqual({ type: 'ack', conversationId: A, seq: 1 });
    expect(service.state().conversations[0]?.messages.map((held) => held.seq)).toEqual([1, null]);
  });

  test('the end of the shift closes the link and pushes an empty desk at once', async () => {
    const { service, connection, pushed, log } = await online();
    await withConversation(connection, service);
    connection.send({ type: 'message', conversationId: A, message: message(1, 'visitor', 'CANARY-jeg-er-ked-af-det'), clientId: null });
    await waitFor(() => service.state().conversations[0]?.messages.length === 1, 'message');
    const closed = new Promise((resolve) => connection.socket.once('close', resolve));
    service.endShift();
    expect(pushed.at(-1)).toEqual({ link: 'off', accepting: true, maxParallelChats: 0, maxMessageChars: 0, offers: [], conversations: [], lastError: null });
    await closed;
    expect(await service.end(A)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(service.markRead(A, 1)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(log.text()).not.toContain('CANARY');
  });

  test('canned replies and transfer targets need a shift', async () => {
    const { service } = startService();
    expect(await service.cannedReplies()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    service.startShift();
    expect(await service.cannedReplies()).toEqual({ ok: true, value: { replies: [{ title: 'Velkomst', text: 'Hej' }] } });
    expect(await service.transferTargets()).toEqual({ ok: true, value: { targets: [] } });
  });
});
