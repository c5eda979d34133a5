import { describe, expect, test } from 'vitest';
import type { ChatDesk } from '../../shared/contract/schemas';
import { waitFor } from '../../electron/store/testing/storeTestKit';
import { boardShows, lockedState, loggedIn, startCuttableLink } from '../shifts/shiftTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import { acceptNextOffer, brokerStats, chatWorkstation, counsellorAtDesk, deskOf, deskWhere, eventually, Visitor, withChatHub } from './chatTestKit';

// The chat desk and the shift (I6): the chat link lives exactly as long as the shift login, a
// logout of any kind leaves nothing of the desk behind, a pending logout waits for open chats and
// their wrap-ups, and a dropped socket that comes back within the broker's grace keeps them.

let hub: HubUnderTest;
withChatHub((started) => (hub = started));

const emptyDesk: ChatDesk = { link: 'off', accepting: false, maxParallelChats: 0, maxMessageChars: 0, offers: [], conversations: [], lastError: null };

async function inConversation(options: { hubUrl?: string } = {}) {
  const { station, user } = await counsellorAtDesk(hub, options);
  const visitor = await Visitor.arrive(hub);
  const conversationId = await acceptNextOffer(station);
  visitor.send({ type: 'message', clientId: 'v-1', text: 'Er der nogen?' });
  await deskWhere(station, (desk) => desk.conversations[0]?.messages.some((message) => message.from === 'visitor') ?? false, "the visitor's message");
  return { station, user, visitor, conversationId };
}

async function supervisorWatching() {
  const supervisor = await chatWorkstation(hub);
  await loggedIn(supervisor, await hub.user('supervisor'));
  return supervisor;
}

describe('the chat desk and the shift', () => {
  test('before the shift and for other roles there is no desk; a counsellor gets one at login', async () => {
    const station = await chatWorkstation(hub);
    expect(await deskOf(station)).toEqual(emptyDesk);
    expect(await station.call('chat:cannedReplies', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    const supervisor = await supervisorWatching();
    expect(await deskOf(supervisor)).toEqual(emptyDesk);
    expect(await supervisor.call('chat:accept', { offerId: '0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01' })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    await loggedIn(station, await hub.user('counsellor'));
    expect(await deskWhere(station, (desk) => desk.link === 'online', 'online')).toMatchObject({ accepting: true, maxParallelChats: 2, maxMessageChars: 2000 });
  });

  test("the counsellor's logout empties the desk at once and the hub gives the chat to a colleague", async () => {
    const { station, visitor, conversationId } = await inConversation();
    const colleague = await counsellorAtDesk(hub);
    expect(await station.call('session:logout', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(station.pushed('chat:changed').at(-1)).toEqual(emptyDesk);
    expect(await deskOf(station)).toEqual(emptyDesk);
    await visitor.next('message', (event) => event.message.notice === 'requeued');
    const offered = await deskWhere(colleague.station, (desk) => desk.offers.length === 1, 'the requeued chat offered');
    expect(offered.offers[0]).toMatchObject({ conversationId, transfer: true });
    // The last shift's messages are nowhere in what the workstation wrote.
    expect(station.log.text()).not.toContain('Er der nogen?');
  });

  test("a supervisor's logout after work waits for the chat, its end and its wrap-up, offering nothing meanwhile", async () => {
    const { station, user, visitor, conversationId } = await inConversation();
    const supervisor = await supervisorWatching();
    await boardShows(supervisor, user.id, 'in-chat');
    const logout = await supervisor.call('board:logout', { userId: user.id, reason: 'shift-over', note: null, mode: 'after-work' });
    expect(logout.ok).toBe(true);
    await eventually(async () => {
      const shift = await station.call('shift:get', {});
      return shift.ok && shift.value.status === 'on' && shift.value.pendingLogout?.by === 'supervisor';
    }, 'the pending logout');
    await deskWhere(station, (desk) => !desk.accepting, 'no offers while the logout waits');
    // A second visitor is not offered to this counsellor.
    const second = await Visitor.arrive(hub);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await deskOf(station)).offers).toEqual([]);

    expect(await station.call('chat:end', { conversationId })).toMatchObject({ ok: true });
    await visitor.next('ended');
    // The renderer's report of its own activity does not end the wait while the wrap-up is open.
    await station.call('presence:report', { activity: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(station.pushed('session:changed').at(-1)?.status).toBe('active');
    expect(await station.call('chat:dismiss', { conversationId })).toMatchObject({ ok: true });
    expect(await lockedState(station, 'the logout after the wrap-up')).toMatchObject({ status: 'locked', reason: 'supervisor-logout' });
    expect(await deskOf(station)).toEqual(emptyDesk);
    // The second visitor waited all along, never offered here (it leaves after the test).
    expect(second.events.some((event) => event.type === 'queue')).toBe(true);
  });

  test("a supervisor's logout 'now' ends the chat link whatever is open; the hub requeues the chat", async () => {
    const { station, user, visitor } = await inConversation();
    const supervisor = await supervisorWatching();
    await supervisor.call('board:logout', { userId: user.id, reason: 'unreachable', note: null, mode: 'now' });
    expect(await lockedState(station, 'the logout now')).toMatchObject({ reason: 'supervisor-logout' });
    expect(await deskOf(station)).toEqual(emptyDesk);
    await visitor.next('message', (event) => event.message.notice === 'requeued');
    await waitFor(() => brokerStats(hub).waiting >= 1, 'the chat back in the queue');
  });

  test('a dropped chat socket comes back within the grace with the conversation and what was written meanwhile', async () => {
    const link = await startCuttableLink(hub.url);
    try {
      const { station, visitor, conversationId } = await inConversation({ hubUrl: link.url });
      link.cut();
      await deskWhere(station, (desk) => desk.link === 'offline', 'the link down');
      expect(await station.call('chat:send', { conversationId, clientId: 'c-1', text: 'hallo?' })).toMatchObject({ ok: false, error: { code: 'chat-offline' } });
      expect((await deskOf(station)).conversations).toMatchObject([{ conversationId, state: 'active' }]);
      visitor.send({ type: 'message', clientId: 'v-2', text: 'skrevet mens du var væk' });
      await visitor.next('message', (event) => event.clientId === 'v-2');
      link.restore();
      const desk = await deskWhere(
        station,
        (held) => held.link === 'online' && (held.conversations[0]?.messages.some((message) => message.text === 'skrevet mens du var væk') ?? false),
        'the link back with the message',
      );
      expect(desk.conversations).toMatchObject([{ conversationId, state: 'active' }]);
      const sent = await station.call('chat:send', { conversationId, clientId: 'c-2', text: 'Undskyld, jeg er her igen' });
      expect(sent.ok).toBe(true);
      await visitor.next('message', (event) => event.message.text === 'Undskyld, jeg er her igen');
      expect(visitor.messages().some((message) => message.notice === 'requeued')).toBe(false);
      visitor.ackAll();
      await waitFor(() => brokerStats(hub).heldMessages === 0, 'everything acknowledged after the reconnect');
    } finally {
      await link.close();
    }
  });

  test('administrators keep the canned replies and the opening hours; counsellors read the replies', async () => {
    const administrator = await chatWorkstation(hub);
    await loggedIn(administrator, await hub.user('administrator'));
    const replies = [
      { title: 'Velkomst', text: 'Hej, du skriver med en rådgiver.' },
      { title: 'Afslutning', text: 'Tak fordi du skrev.' },
    ];
    expect(await administrator.call('chatSettings:saveCannedReplies', { replies })).toEqual({ ok: true, value: { replies } });
    const schedule = { weekly: null, exceptions: [{ date: '2030-12-24', intervals: [], label: 'Juleaften' }] };
    const saved = await administrator.call('chatSettings:saveSchedule', schedule);
    expect(saved.ok && saved.value.schedule).toEqual(schedule);
    const settings = await administrator.call('chatSettings:get', {});
    expect(settings.ok && settings.value).toMatchObject({ replies, schedule: { schedule } });

    const supervisor = await supervisorWatching();
    expect(await supervisor.call('chatSettings:saveCannedReplies', { replies: [] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const { station } = await counsellorAtDesk(hub);
    expect(await station.call('chat:cannedReplies', {})).toEqual({ ok: true, value: { replies } });
  });
});
