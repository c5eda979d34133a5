import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { CounsellorEvent } from '../../shared/hub/chatApi';
import { waitFor } from '../store/testing/storeTestKit';
import { ChatLink, type ChatLinkState } from './chatLink';
import { startFakeChatBroker, type FakeChatBroker } from './testing/fakeChatBroker';

// The chat socket against a loopback server speaking the hub's side (the hub's own socket is
// tested in hub/src/chat; the pair runs in integration/chat). Pinned down here: frames are
// validated before anyone sees them, `accepting` on every connection and change, and how the
// link copes with a hub that closes, refuses or falls silent.

const CONVERSATION = '6f1c2a4e-8b1d-4c9e-9a57-0c3e5b7d9f11';
let broker: FakeChatBroker;

beforeAll(async () => {
  broker = await startFakeChatBroker();
});

afterAll(async () => {
  await broker.close();
});

const links: ChatLink[] = [];
afterEach(() => {
  for (const link of links.splice(0)) link.close();
  broker.reset();
});

function startLink(pingMs = 5_000) {
  const seen = { states: [] as ChatLinkState[], events: [] as CounsellorEvent[], unauthorized: 0, ended: 0, warnings: [] as string[] };
  const link = new ChatLink(
    () => new WebSocket(`${broker.url}/api/v1/chat`, { headers: { authorization: 'Bearer the-token' } }),
    { info: () => undefined, warn: (_scope, message) => seen.warnings.push(message), error: () => undefined },
    {
      link: (state) => seen.states.push(state),
      event: (event) => seen.events.push(event),
      unauthorized: () => seen.unauthorized++,
      ended: () => seen.ended++,
    },
    { backoff: { baseMs: 20, capMs: 100 }, pingMs },
  );
  links.push(link);
  link.start();
  return { link, seen };
}

describe('ChatLink', () => {
  test('sends the bearer token and `accepting` on welcome and on every change, not on repeats', async () => {
    const { link, seen } = startLink();
    link.setAccepting(true);
    const connection = await broker.latest();
    expect(connection.authorization).toBe('Bearer the-token');
    await waitFor(() => seen.states.includes('online'), 'online');
    await waitFor(() => connection.received.length === 1, 'accepting on welcome');
    link.setAccepting(true);
    link.setAccepting(false);
    await waitFor(() => connection.received.length === 2, 'accepting on change');
    expect(connection.received).toEqual([
      { type: 'accepting', accepting: true },
      { type: 'accepting', accepting: false },
    ]);
    expect(seen.events[0]).toMatchObject({ type: 'welcome', maxParallelChats: 3 });
  });

  test('a frame that does not validate is dropped and logged; the next valid one gets through', async () => {
    const { seen } = startLink();
    const connection = await broker.latest();
    await waitFor(() => seen.events.length === 1, 'welcome');
    connection.send({ type: 'message', conversationId: CONVERSATION, message: { seq: 'one', from: 'visitor', text: 'hej' }, clientId: null });
    connection.send({ type: 'surprise' });
    connection.socket.send('not json {');
    connection.send({ type: 'typing', conversationId: CONVERSATION, typing: true });
    await waitFor(() => seen.events.length === 2, 'the valid frame');
    expect(seen.events[1]).toEqual({ type: 'typing', conversationId: CONVERSATION, typing: true });
    expect(seen.warnings.filter((warning) => warning === 'hub message not understood')).toHaveLength(2);
  });

  test('a dropped socket is opened again, and the new one is told `accepting` again', async () => {
    const { link, seen } = startLink();
    link.setAccepting(true);
    const first = await broker.latest();
    await waitFor(() => first.received.length === 1, 'accepting');
    first.socket.close(1011);
    await waitFor(() => broker.connections.length === 2 && seen.states.filter((state) => state === 'online').length === 2, 'reconnected');
    const second = await broker.latest();
    await waitFor(() => second.received.length === 1, 'accepting again');
    expect(second.received).toEqual([{ type: 'accepting', accepting: true }]);
    expect(seen.states).toEqual(['online', 'offline', 'online']);
  });

  test('close 4001 ends the link for good', async () => {
    const { seen } = startLink();
    const connection = await broker.latest();
    await waitFor(() => seen.states.includes('online'), 'online');
    connection.socket.close(4001);
    await waitFor(() => seen.ended === 1, 'ended');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(broker.connections).toHaveLength(1);
    expect(seen.states.at(-1)).toBe('offline');
  });

  test('a 403 to the upgrade ends it too; a 401 asks for the session to be checked and keeps trying', async () => {
    broker.refuseWith = 401;
    const first = startLink();
    await waitFor(() => first.seen.unauthorized >= 2, 'retries after 401');
    expect(first.seen.ended).toBe(0);
    first.link.close();
    broker.refuseWith = 403;
    const second = startLink();
    await waitFor(() => second.seen.ended === 1, 'ended by 403');
  });

  test('a hub that stops answering pings is left for a new socket', async () => {
    broker.answerPings = false;
    broker.welcome = null;
    const { seen } = startLink(50);
    await broker.latest();
    await waitFor(() => broker.connections.length >= 2, 'a second socket');
    expect(seen.warnings).toContain('hub silent: reconnecting');
  });

  test('nothing is sent once closed, and close sends no event', async () => {
    const { link, seen } = startLink();
    await broker.latest();
    await waitFor(() => seen.states.includes('online'), 'online');
    link.close();
    expect(link.send({ type: 'typing', conversationId: CONVERSATION, typing: true })).toBe(false);
    expect(link.linkState()).toBe('offline');
    expect(seen.states).toEqual(['online']);
  });
});
