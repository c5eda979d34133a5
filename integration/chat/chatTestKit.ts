import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import type { ChatDesk } from '../../shared/contract/schemas';
import {
  CHAT_VISITOR_SOCKET_PATH,
  visitorEventSchema,
  type ChatMessage,
  type VisitorEvent,
  type VisitorMessage,
} from '../../shared/hub/chatApi';
import type { TestUser } from '../../hub/testing/testAccounts';
import { chatBrokerOf } from '../../hub/src/chat/installChat';
import type { ChatPolicy } from '../../hub/src/policy/hubPolicy';
import { forgetTestKeys, removeTemporaryDirectories, requireKeychain, temporaryDirectory, waitFor } from '../../electron/store/testing/storeTestKit';
import { loggedIn, shiftTuning, startShiftHub } from '../shifts/shiftTestKit';
import type { HubUnderTest } from '../testing/hubUnderTest';
import { startWorkstation, type WorkstationUnderTest } from '../testing/workstationUnderTest';

/**
 * The real hub (its chat broker included) with short chat timers, and workstations whose chat
 * link reconnects fast: a test of an offer, a transfer or a dropped socket takes seconds.
 */
export const chatPolicy: Partial<ChatPolicy> = { offerSeconds: 5, reconnectGraceSeconds: 5, maxParallelChats: 2 };

export const chatStationTuning = {
  ...shiftTuning,
  chat: { link: { backoff: { baseMs: 50, capMs: 300 }, pingMs: 1_000 }, answerMs: 5_000, coalesceMs: 16, typingExpiryMs: 2_000 },
};

/** Registers the frame of a test file against a chat hub, as withShiftHub does for shifts. */
export function withChatHub(started: (hub: HubUnderTest) => void): void {
  let hub: HubUnderTest | undefined;
  beforeAll(async () => {
    await requireKeychain();
    hub = await startShiftHub({ chat: chatPolicy, hub: { chatTuning: { tickMs: 100 } } });
    started(hub);
  }, 60_000);
  afterEach(async () => {
    // Visitors leave first: nothing of a test may wait in the queue for the next one's counsellor.
    for (const visitor of visitors.splice(0)) visitor.leave();
    for (const station of running.splice(0)) await station.dispose();
    if (hub) {
      const current = hub;
      await waitFor(() => brokerStats(current).conversations === 0, 'the broker to hold no conversation after the test');
    }
    await forgetTestKeys();
    removeTemporaryDirectories();
  });
  afterAll(async () => {
    await hub?.close();
  });
}

const running: WorkstationUnderTest[] = [];
const visitors: Visitor[] = [];

/** A workstation with chat tuning (reaching the hub at `hubUrl`, if given). */
export async function chatWorkstation(hub: HubUnderTest, options: { hubUrl?: string } = {}): Promise<WorkstationUnderTest> {
  const station = await startWorkstation({ hubUrl: options.hubUrl ?? hub.url, dataDir: temporaryDirectory(), tuning: chatStationTuning });
  running.push(station);
  return station;
}

/** The desk as the workstation holds it now. */
export async function deskOf(station: WorkstationUnderTest): Promise<ChatDesk> {
  const desk = await station.call('chat:state', {});
  if (!desk.ok) throw new Error(`chat:state failed: ${desk.error.code}`);
  return desk.value;
}

/** Waits until the workstation's desk satisfies `condition`; returns that desk. */
export async function deskWhere(station: WorkstationUnderTest, condition: (desk: ChatDesk) => boolean, what: string, timeoutMs = 15_000): Promise<ChatDesk> {
  let desk = await deskOf(station);
  const deadline = Date.now() + timeoutMs;
  while (!condition(desk)) {
    if (Date.now() > deadline) throw new Error(`the desk did not show ${what}: ${JSON.stringify({ ...desk, conversations: desk.conversations.length })}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    desk = await deskOf(station);
  }
  return desk;
}

/** A counsellor logged in on shift, their chat link up and taking offers. */
export async function counsellorAtDesk(hub: HubUnderTest, options: { hubUrl?: string } = {}): Promise<{ station: WorkstationUnderTest; user: TestUser }> {
  const station = await chatWorkstation(hub, options);
  const user = await hub.user('counsellor');
  await loggedIn(station, user);
  await deskWhere(station, (desk) => desk.link === 'online' && desk.accepting, 'online and accepting');
  return { station, user };
}

/** Waits for an offer on the desk and accepts it; returns the conversation's id. */
export async function acceptNextOffer(station: WorkstationUnderTest): Promise<string> {
  const desk = await deskWhere(station, (held) => held.offers.length > 0, 'an offer');
  const offer = desk.offers[0];
  if (!offer) throw new Error('no offer');
  const accepted = await station.call('chat:accept', { offerId: offer.offerId });
  if (!accepted.ok) throw new Error(`chat:accept failed: ${accepted.error.code} ${accepted.error.message}`);
  return offer.conversationId;
}

/**
 * A website visitor: the widget's socket spoken by a plain WebSocket client. Every frame the
 * hub sends must validate against the contract (a test fails on one that does not).
 */
export class Visitor {
  readonly events: VisitorEvent[] = [];
  readonly invalid: string[] = [];
  private closedWith: number | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      const parsed = visitorEventSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.events.push(parsed.data);
      else this.invalid.push(text);
    });
    socket.on('close', (code) => {
      this.closedWith = code;
    });
    socket.on('error', () => undefined);
  }

  /** Opens the widget's socket and says hello (a new conversation, or `token` to resume one), without waiting for the answer. */
  static async hello(hub: HubUnderTest, token: string | null = null): Promise<Visitor> {
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws') + CHAT_VISITOR_SOCKET_PATH);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const visitor = new Visitor(socket);
    visitors.push(visitor);
    visitor.send({ type: 'hello', token });
    return visitor;
  }

  /** As `hello`, welcomed. */
  static async arrive(hub: HubUnderTest, token: string | null = null): Promise<Visitor> {
    const visitor = await Visitor.hello(hub, token);
    await visitor.next('welcome');
    return visitor;
  }

  send(message: VisitorMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  get token(): string {
    const welcome = this.events.find((event) => event.type === 'welcome');
    if (!welcome) throw new Error('no welcome');
    return welcome.token;
  }

  get closeCode(): number | null {
    return this.closedWith;
  }

  /** Waits for an event of `type` (the first one after `after` events) satisfying `condition`. */
  async next<T extends VisitorEvent['type']>(type: T, condition: (event: Extract<VisitorEvent, { type: T }>) => boolean = () => true, after = 0): Promise<Extract<VisitorEvent, { type: T }>> {
    let found: Extract<VisitorEvent, { type: T }> | undefined;
    await waitFor(() => {
      found = this.events.slice(after).find((event): event is Extract<VisitorEvent, { type: T }> => event.type === type && condition(event as Extract<VisitorEvent, { type: T }>));
      return found !== undefined;
    }, `the visitor to get ${type} (got ${this.events.map((event) => event.type).join(', ')})`, 15_000);
    if (!found) throw new Error(`no ${type}`);
    return found;
  }

  /** Every message received, by seq. */
  messages(): ChatMessage[] {
    return this.events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
  }

  /** Acknowledges every message received so far. */
  ackAll(): void {
    const last = Math.max(0, ...this.messages().map((message) => message.seq));
    this.send({ type: 'ack', seq: last });
  }

  /** The socket drops (no `leave`): the visitor may come back with the token. */
  drop(): void {
    this.socket.terminate();
  }

  close(): void {
    this.socket.close();
  }

  /** "Afslut": the conversation ends (if the socket is still open), then the socket closes. */
  leave(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.send({ type: 'leave' });
    this.socket.close();
  }
}

/** Polls an asynchronous condition (a request to a workstation, say) until it holds. */
export async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the hub's broker holds now, in counts (it must forget each message once both sides have it). */
export function brokerStats(hub: HubUnderTest): ReturnType<NonNullable<ReturnType<typeof chatBrokerOf>>['stats']> {
  const broker = chatBrokerOf(hub.app);
  if (!broker) throw new Error('the hub has no chat broker');
  return broker.stats();
}
