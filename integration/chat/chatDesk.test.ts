import { describe, expect, test } from 'vitest';
import { chatCloseCodes } from '../../shared/hub/chatApi';
import { waitFor } from '../../electron/store/testing/storeTestKit';
import { loggedIn } from '../shifts/shiftTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import { acceptNextOffer, brokerStats, chatWorkstation, counsellorAtDesk, deskOf, deskWhere, eventually, Visitor, withChatHub } from './chatTestKit';

// The counsellor's chat desk (the workstation's main process, as the renderer drives it through
// the API host) against the real hub and its broker, with a website visitor speaking the widget's
// socket: offer, accept, messages both ways, acknowledgements, typing, end, wrap-up, transfer.

let hub: HubUnderTest;
withChatHub((started) => (hub = started));

/** A counsellor in a conversation with a visitor who has written once. */
async function inConversation() {
  const { station, user } = await counsellorAtDesk(hub);
  const visitor = await Visitor.arrive(hub);
  const conversationId = await acceptNextOffer(station);
  await visitor.next('message', (event) => event.message.notice === 'counsellor-joined');
  visitor.send({ type: 'message', clientId: 'v-1', text: 'Hej, jeg har brug for at snakke' });
  await deskWhere(station, (desk) => desk.conversations[0]?.messages.some((message) => message.from === 'visitor') ?? false, "the visitor's message");
  return { station, user, visitor, conversationId };
}

describe('the chat desk against the real broker', () => {
  test("a counsellor accepts a visitor's chat; messages go both ways and the broker forgets each once both sides have it", async () => {
    const { station } = await counsellorAtDesk(hub);
    const visitor = await Visitor.arrive(hub);
    expect(visitor.events[0]).toMatchObject({ type: 'welcome', state: 'queued' });
    const offered = await deskWhere(station, (desk) => desk.offers.length === 1, 'an offer');
    expect(offered.offers[0]).toMatchObject({ transfer: false });
    const conversationId = await acceptNextOffer(station);
    expect(await deskOf(station)).toMatchObject({ offers: [], conversations: [{ conversationId, state: 'active', readSeq: 0 }] });
    await visitor.next('message', (event) => event.message.notice === 'counsellor-joined');

    const canary = 'CANARY-visitor-text-7731';
    visitor.send({ type: 'message', clientId: 'v-1', text: `Hej ${canary}` });
    const desk = await deskWhere(station, (held) => held.conversations[0]?.messages.some((message) => message.text === `Hej ${canary}`) ?? false, "the visitor's message");
    const fromVisitor = desk.conversations[0]?.messages.find((message) => message.from === 'visitor');
    expect(fromVisitor).toMatchObject({ pending: false, clientId: null });

    const sent = await station.call('chat:send', { conversationId, clientId: 'c-1', text: '  Hej, jeg hedder Sara  ' });
    expect(sent.ok && sent.value.conversations[0]?.messages.at(-1)).toMatchObject({ from: 'counsellor', text: 'Hej, jeg hedder Sara', clientId: 'c-1', pending: false });
    await visitor.next('message', (event) => event.message.from === 'counsellor' && event.message.text === 'Hej, jeg hedder Sara');
    visitor.ackAll();
    // The workstation acknowledged every message as it came; with the visitor's acks the broker holds none.
    await waitFor(() => brokerStats(hub).heldMessages === 0, 'the broker to forget every message');

    const read = await station.call('chat:markRead', { conversationId, seq: fromVisitor?.seq ?? 0 });
    expect(read.ok && read.value.conversations[0]?.readSeq).toBe(fromVisitor?.seq);
    expect(visitor.invalid).toEqual([]);
    expect(station.log.text()).not.toContain(canary);
    expect(hub.context.log.lines.join('\n')).not.toContain(canary);
  });

  test('typing shows both ways, and the shift reports the counsellor in a chat', async () => {
    const { station, visitor, conversationId } = await inConversation();
    visitor.send({ type: 'typing', typing: true });
    await deskWhere(station, (desk) => desk.conversations[0]?.visitorTyping === true, 'the visitor typing');
    visitor.send({ type: 'message', clientId: 'v-2', text: 'mere' });
    await deskWhere(station, (desk) => desk.conversations[0]?.visitorTyping === false, 'typing over with the message');
    expect(await station.call('chat:typing', { conversationId, typing: true })).toEqual({ ok: true, value: {} });
    await visitor.next('typing', (event) => event.typing);
    const shift = await station.call('shift:get', {});
    expect(shift.ok && shift.value).toMatchObject({ status: 'on', presence: 'in-chat' });
    // An open chat does not stop offers: the broker counts it against maxParallelChats.
    expect(await deskOf(station)).toMatchObject({ accepting: true, maxParallelChats: 2 });
  });

  test('the counsellor ends the chat: the visitor is told, the wrap-up stays on the desk until dismissed', async () => {
    const { station, visitor, conversationId } = await inConversation();
    expect(await station.call('chat:dismiss', { conversationId })).toMatchObject({ ok: false, error: { code: 'chat-refused' } });
    const ended = await station.call('chat:end', { conversationId });
    expect(ended.ok && ended.value.conversations[0]).toMatchObject({ conversationId, state: 'ended' });
    expect(ended.ok && ended.value.conversations[0]?.endedAt).not.toBeNull();
    await visitor.next('ended', (event) => event.by === 'counsellor');
    await waitFor(() => visitor.closeCode === chatCloseCodes.finished, 'the visitor socket closed as finished');
    const during = await station.call('shift:get', {});
    expect(during.ok && during.value).toMatchObject({ presence: 'wrap-up' });
    expect(await station.call('chat:send', { conversationId, clientId: 'c-9', text: 'for sent' })).toMatchObject({ ok: false, error: { code: 'chat-refused' } });
    expect(await station.call('chat:dismiss', { conversationId })).toMatchObject({ ok: true, value: { conversations: [] } });
    const after = await station.call('shift:get', {});
    expect(after.ok && after.value).toMatchObject({ presence: 'available' });
    await waitFor(() => brokerStats(hub).conversations === 0, 'the broker to forget the conversation');
  });

  test('the visitor leaves: the conversation ends on the desk with the notice, for its wrap-up', async () => {
    const { station, visitor, conversationId } = await inConversation();
    visitor.send({ type: 'leave' });
    const desk = await deskWhere(station, (held) => held.conversations[0]?.state === 'ended', 'the conversation ended');
    expect(desk.conversations[0]?.messages.some((message) => message.notice === 'visitor-left')).toBe(true);
    expect(await station.call('chat:end', { conversationId })).toMatchObject({ ok: true });
    expect(await station.call('chat:dismiss', { conversationId })).toMatchObject({ ok: true, value: { conversations: [] } });
  });

  test('a chat goes to a colleague with its earlier messages; the first desk lets go of it', async () => {
    const first = await inConversation();
    const answered = await first.station.call('chat:send', { conversationId: first.conversationId, clientId: 'c-0', text: 'Hej, jeg hedder Sara' });
    expect(answered.ok).toBe(true);
    await first.visitor.next('message', (event) => event.message.text === 'Hej, jeg hedder Sara');
    first.visitor.ackAll();
    // Both sides have everything: the hub holds nothing, so only the first desk can hand the conversation over.
    await waitFor(() => brokerStats(hub).heldMessages === 0, 'the broker to forget the earlier messages');
    const colleague = await counsellorAtDesk(hub);
    const targets = await first.station.call('chat:transferTargets', {});
    expect(targets.ok && targets.value.targets.map((target) => target.userId)).toEqual([colleague.user.id]);
    const moved = await first.station.call('chat:transfer', { conversationId: first.conversationId, toUserId: colleague.user.id });
    expect(moved).toMatchObject({ ok: true, value: { conversations: [] } });
    await first.visitor.next('message', (event) => event.message.notice === 'transferred');
    const offered = await deskWhere(colleague.station, (desk) => desk.offers.length === 1, 'the transfer offer');
    expect(offered.offers[0]).toMatchObject({ conversationId: first.conversationId, transfer: true });
    await acceptNextOffer(colleague.station);
    const desk = await deskOf(colleague.station);
    // The earlier conversation in order, before the hub's notices of the transfer.
    expect(desk.conversations[0]?.messages.map((message) => [message.from, message.notice ?? message.text])).toEqual([
      ['visitor', 'Hej, jeg har brug for at snakke'],
      ['counsellor', 'Hej, jeg hedder Sara'],
      ['system', 'transferred'],
      ['system', 'counsellor-joined'],
    ]);
    const sent = await colleague.station.call('chat:send', { conversationId: first.conversationId, clientId: 'c-1', text: 'Hej, jeg tager over' });
    expect(sent.ok).toBe(true);
    await first.visitor.next('message', (event) => event.message.text === 'Hej, jeg tager over');
    first.visitor.ackAll();
    // The colleague's desk acknowledged the handover as it arrived: the hub holds nothing again.
    await waitFor(() => brokerStats(hub).heldMessages === 0, 'the broker to forget the handover');
    expect(hub.context.log.lines.join('\n')).not.toContain('Hej, jeg hedder Sara');
  });

  test('back to the queue, and a refused transfer names the refusal', async () => {
    const { station, visitor, conversationId } = await inConversation();
    const away = await counsellorAtDesk(hub);
    await away.station.call('presence:setAway', { reason: 'break' });
    await deskWhere(away.station, (desk) => !desk.accepting, 'not accepting while away');
    expect(await station.call('chat:transfer', { conversationId, toUserId: away.user.id })).toEqual({
      ok: false,
      error: { code: 'chat-refused', message: 'the hub refused the transfer: unavailable' },
    });
    expect(await deskOf(station)).toMatchObject({ lastError: 'unavailable', conversations: [{ conversationId, state: 'active' }] });
    expect(await station.call('chat:transfer', { conversationId, toUserId: null })).toMatchObject({ ok: true, value: { conversations: [], lastError: null } });
    await visitor.next('message', (event) => event.message.notice === 'requeued');
  });

  test('an escalation reaches the supervisors without content, and one of them acknowledges it', async () => {
    const { station, user, conversationId } = await inConversation();
    const supervisor = await chatWorkstation(hub);
    await loggedIn(supervisor, await hub.user('supervisor'));
    const escalated = await station.call('chat:escalate', { conversationId });
    expect(escalated.ok && escalated.value.conversations[0]?.escalated).toBe(true);
    let alertId = '';
    await eventually(async () => {
      const board = await supervisor.call('board:get', {});
      const alert = board.ok ? board.value.alerts.find((held) => held.userId === user.id) : undefined;
      alertId = alert?.alertId ?? '';
      return alert !== undefined;
    }, 'the alert on the board');
    expect(await supervisor.call('board:acknowledgeAlert', { alertId })).toEqual({ ok: true, value: {} });
    const board = await supervisor.call('board:get', {});
    expect(board.ok && board.value.alerts.some((alert) => alert.alertId === alertId)).toBe(false);
    expect(await station.call('board:acknowledgeAlert', { alertId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('a counsellor blocks a visitor: the chat ends for its wrap-up and the token is refused for good', async () => {
    const { station, visitor, conversationId } = await inConversation();
    const blocked = await station.call('chat:block', { conversationId });
    expect(blocked.ok && blocked.value.conversations[0]).toMatchObject({ conversationId, state: 'ended' });
    await visitor.next('ended');
    const again = await Visitor.hello(hub, visitor.token);
    await again.next('error', (event) => event.code === 'blocked');
    await waitFor(() => again.closeCode === chatCloseCodes.finished, 'the blocked token refused for good');
  });
});
