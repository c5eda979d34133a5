import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAT_FRAME_MAX_BYTES,
  CHAT_SCHEDULE_PATH,
  CHAT_TRANSFER_TARGETS_PATH,
  chatAlertAckPath,
  chatCloseCodes,
  counsellorEventSchema,
  transferTargetsResponseSchema,
  visitorEventSchema,
  type ChatScheduleInput,
} from '../../../shared/hub/chatApi';
import { BOARD_PATH, boardSnapshotSchema } from '../../../shared/hub/presenceApi';
import { SHIFT_LOGIN_PATH } from '../../../shared/hub/shiftsApi';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { defaultHubPolicy, type HubPolicy } from '../policy/hubPolicy';
import { counsellorOnShift, eventually, openBoard, type OnShift, type TestSocket } from '../presence/testing/presenceTestKit';
import { chatBrokerOf } from './installChat';
import { newVisitor, openCounsellorChat, openVisitorSocket, testAddress, type CounsellorSocket, type VisitorSocket } from './testing/chatSocketKit';

const escrowKeys = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** The hub's proxy is loopback; every visitor here comes "through" it with an address of its own. */
const chatPolicy: HubPolicy = {
  ...defaultHubPolicy,
  chat: {
    ...defaultHubPolicy.chat,
    offerSeconds: 5,
    reconnectGraceSeconds: 5,
    trustedProxies: ['127.0.0.1'],
    escrowPublicKey: escrowKeys.publicKey,
    connectionsPerSourcePerMinute: 5,
    maxOpenConversationsPerSource: 2,
  },
};

/** Every string reachable in an object graph (Maps, Sets, arrays, objects; functions are opaque). */
function reachableStrings(root: unknown): string[] {
  const seen = new Set<unknown>();
  const strings: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') return void strings.push(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const entries: unknown[] = value instanceof Map ? [...value].flat() : value instanceof Set || Array.isArray(value) ? [...(value as Iterable<unknown>)] : Object.values(value);
    for (const entry of entries) visit(entry);
  };
  visit(root);
  return strings;
}

describe.each(hubDatabaseEngines)('chat sockets on a real hub on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: ReturnType<typeof testHubContext>;
  let baseUrl: string;
  let supervisorToken: string;
  let administratorToken: string;
  const opened: { close(): void; closed: Promise<unknown> }[] = [];

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db, chatPolicy);
    app = await buildHub(context, { chatTuning: { tickMs: 50 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    supervisorToken = await loginToken(app, await createTestUser(db, { role: 'supervisor' }));
    administratorToken = await loginToken(app, await createTestUser(db, { role: 'administrator' }));
  });
  // Whatever a test leaves: closed, the grace periods over, and the broker must hold nothing.
  afterEach(async () => {
    const closing = opened.splice(0);
    for (const socket of closing) socket.close();
    await Promise.all(closing.map((socket) => socket.closed));
    // The hub's clock runs a second ahead per look, so the grace periods of what just closed pass.
    await eventually(() => {
      context.moveClock(1_000);
      const { conversations, counsellors, heldMessages } = chatBrokerOf(app)!.stats();
      return Promise.resolve(conversations === 0 && counsellors === 0 && heldMessages === 0);
    }, 10_000, 'an empty broker');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const remember = <T extends { close(): void; closed: Promise<unknown> }>(socket: T): T => (opened.push(socket), socket);
  const onShift = (): Promise<OnShift> => counsellorOnShift(app, db, context.now());
  const visitor = async (options: { forwardedFor?: string; localAddress?: string } = {}) => {
    const opened = await newVisitor(baseUrl, { forwardedFor: testAddress(), ...options });
    remember(opened.socket);
    return opened;
  };
  const counsellorChat = async (token: string, accepting = true): Promise<CounsellorSocket> => remember(await openCounsellorChat(baseUrl, token, accepting));
  const board = async () => boardSnapshotSchema.parse((await app.inject({ method: 'GET', url: BOARD_PATH, headers: bearer(supervisorToken) })).json());
  const stats = () => chatBrokerOf(app)!.stats();

  /** A counsellor who accepted the visitor's conversation; returns its id. */
  const connect = async (counsellor: CounsellorSocket, visiting: VisitorSocket): Promise<string> => {
    const offer = await counsellor.next('offer');
    counsellor.send({ type: 'accept', offerId: offer.offer.offerId });
    await counsellor.next('conversation', (event) => event.conversation.conversationId === offer.offer.conversationId);
    await visiting.next('message', (event) => event.message.notice === 'counsellor-joined');
    return offer.offer.conversationId;
  };

  it('a visitor and a counsellor chat: queue, offer, accept, both ways with acks, end; the board counts and the broker forgets', async () => {
    const { socket: visiting } = await visitor();
    expect(await visiting.next('queue')).toEqual({ type: 'queue', position: 1, estimatedWaitSeconds: null });
    expect((await board()).chat).toMatchObject({ waiting: 1, active: 0 });
    expect((await board()).queue.chats).toBe(1);

    const counsellor = await onShift();
    const desk = await counsellorChat(counsellor.token);
    expect(desk.received[0]).toEqual({ type: 'welcome', maxParallelChats: 3, maxMessageChars: 2000, conversations: [] });
    const conversationId = await connect(desk, visiting);
    expect((await board()).chat).toMatchObject({ waiting: 0, active: 1 });

    visiting.send({ type: 'message', clientId: 'v1', text: 'Hej, jeg har brug for at snakke' });
    const mine = await visiting.next('message', (event) => event.clientId === 'v1');
    const theirs = await desk.next('message', (event) => event.message.from === 'visitor');
    expect(theirs).toEqual({ type: 'message', conversationId, message: mine.message, clientId: null });
    visiting.send({ type: 'typing', typing: true });
    expect(await desk.next('typing')).toEqual({ type: 'typing', conversationId, typing: true });
    desk.send({ type: 'message', conversationId, clientId: 'c1', text: 'Jeg er her. Fortæl.' });
    const answer = await visiting.next('message', (event) => event.message.from === 'counsellor');
    expect(answer.message).toMatchObject({ seq: 3, text: 'Jeg er her. Fortæl.' });

    visiting.send({ type: 'ack', seq: 3 });
    desk.send({ type: 'ack', conversationId, seq: 3 });
    await eventually(() => Promise.resolve(stats().heldMessages === 0), 5_000, 'every message forgotten');
    expect(stats()).toMatchObject({ conversations: 1, heldMessages: 0 });

    desk.send({ type: 'end', conversationId });
    expect(await visiting.next('ended')).toEqual({ type: 'ended', by: 'counsellor' });
    expect((await visiting.closed).code).toBe(chatCloseCodes.finished);
    expect((await desk.next('conversation', (event) => event.conversation.state === 'ended')).conversation.conversationId).toBe(conversationId);
    expect(stats().conversations).toBe(0);
    for (const event of visiting.received) expect(visitorEventSchema.safeParse(event).success).toBe(true);
    for (const event of desk.received) expect(counsellorEventSchema.safeParse(event).success).toBe(true);
  });

  it('the counsellor socket needs a counsellor on a live shift login', async () => {
    const loggedIn = await createTestUser(db, { role: 'counsellor' });
    const token = await loginToken(app, loggedIn);
    await expect(openCounsellorChat(baseUrl, token)).rejects.toThrow('refused 403');
    await expect(openCounsellorChat(baseUrl, supervisorToken)).rejects.toThrow('refused 403');
    await expect(openCounsellorChat(baseUrl, 'x'.repeat(43))).rejects.toThrow('refused 401');
    const targets = await app.inject({ method: 'GET', url: CHAT_TRANSFER_TARGETS_PATH, headers: bearer(token) });
    expect(targets.statusCode).toBe(403);
  });

  it('when the shift login ends the chat socket closes with 4001 and the conversations go to a colleague at once', async () => {
    const leaving = await onShift();
    const colleague = await onShift();
    const leavingDesk = await counsellorChat(leaving.token);
    const { socket: visiting } = await visitor();
    const conversationId = await connect(leavingDesk, visiting);
    const colleagueDesk = await counsellorChat(colleague.token);

    const response = await app.inject({ method: 'DELETE', url: SHIFT_LOGIN_PATH, headers: bearer(leaving.token) });
    expect(response.statusCode).toBe(204);
    expect((await leavingDesk.closed).code).toBe(chatCloseCodes.shiftEnded);
    expect((await visiting.next('message', (event) => event.message.notice === 'requeued')).message.from).toBe('system');
    const offer = await colleagueDesk.next('offer', (event) => event.offer.conversationId === conversationId, 2_000);
    expect(offer.offer.transfer).toBe(true);
    await expect(openCounsellorChat(baseUrl, leaving.token)).rejects.toThrow('refused 403');
    visiting.send({ type: 'leave' });
    expect((await colleagueDesk.next('offer-withdrawn')).reason).toBe('visitor-left');
  });

  it('a frame above 64 KB closes the visitor socket (1009); the visitor resumes with the token and the conversation goes on', async () => {
    const counsellor = await onShift();
    const desk = await counsellorChat(counsellor.token);
    const address = testAddress();
    const { socket: visiting, token } = await visitor({ forwardedFor: address });
    const conversationId = await connect(desk, visiting);

    visiting.sendRaw(JSON.stringify({ type: 'message', clientId: 'huge', text: 'x'.repeat(1024 * 1024) }));
    expect((await visiting.closed).code).toBe(1009);
    expect((await desk.next('conversation', (event) => event.conversation.state === 'visitor-away')).conversation.conversationId).toBe(conversationId);
    expect(desk.received.some((event) => event.type === 'message' && event.message.text.includes('xxxx'))).toBe(false);

    const back = remember(await openVisitorSocket(baseUrl, { forwardedFor: address }));
    back.send({ type: 'hello', token });
    expect(await back.next('welcome')).toMatchObject({ token, state: 'active' });
    await desk.next('message', (event) => event.message.notice === 'visitor-back');
    back.send({ type: 'message', clientId: 'after', text: 'Jeg er her igen' });
    expect((await desk.next('message', (event) => event.message.text === 'Jeg er her igen')).conversationId).toBe(conversationId);
    back.send({ type: 'leave' });
    await desk.next('conversation', (event) => event.conversation.state === 'ended');
  });

  it('bad frames get an error and keep the conversation; text arrives cleaned, as text', async () => {
    const counsellor = await onShift();
    const desk = await counsellorChat(counsellor.token);
    const { socket: visiting } = await visitor();
    const conversationId = await connect(desk, visiting);

    visiting.sendRaw('{not json');
    visiting.sendRaw(Buffer.from([0, 1, 2]), true);
    visiting.sendRaw(JSON.stringify({ type: 'shout', text: 'hi' }));
    visiting.sendRaw(JSON.stringify({ type: 'hello', token: null }));
    visiting.sendRaw(JSON.stringify({ type: 'message', clientId: 'long', text: 'y'.repeat(4001) }));
    visiting.send({ type: 'message', clientId: 'over-policy', text: 'z'.repeat(2001) });
    visiting.send({ type: 'message', clientId: 'blank', text: '\u0000\u202E \u0007' });
    await eventually(() => Promise.resolve(visiting.received.filter((event) => event.type === 'error').length >= 7), 5_000, 'seven refusals');
    expect(visiting.received.filter((event) => event.type === 'error')).toEqual([
      { type: 'error', code: 'invalid-message', clientId: null },
      { type: 'error', code: 'invalid-message', clientId: null },
      { type: 'error', code: 'invalid-message', clientId: null },
      { type: 'error', code: 'invalid-message', clientId: null },
      { type: 'error', code: 'message-too-large', clientId: 'long' },
      { type: 'error', code: 'message-too-large', clientId: 'over-policy' },
      { type: 'error', code: 'invalid-message', clientId: 'blank' },
    ]);

    const hostile = '<script>alert(1)</script> **fed** [link](http://example.invalid/x.png)\r\n\u202Eevil\u0000\u009B';
    visiting.send({ type: 'message', clientId: 'hostile', text: hostile });
    const relayed = await desk.next('message', (event) => event.message.from === 'visitor');
    expect(relayed.message.text).toBe('<script>alert(1)</script> **fed** [link](http://example.invalid/x.png)\nevil');
    desk.sendRaw('[]');
    expect(await desk.next('error')).toEqual({ type: 'error', code: 'invalid-message', conversationId: null, clientId: null });
    desk.send({ type: 'message', conversationId, clientId: 'long', text: 'n'.repeat(2001) });
    expect(await desk.next('error', (event) => event.clientId === 'long')).toEqual({ type: 'error', code: 'message-too-large', conversationId, clientId: 'long' });
    expect(visiting.ws.readyState).toBe(visiting.ws.OPEN);
    desk.send({ type: 'end', conversationId });
    await visiting.closed;
  });

  it('hello comes first and once per token: anything else first closes with 4004, a newer socket replaces the older with 4002', async () => {
    const rude = remember(await openVisitorSocket(baseUrl, { forwardedFor: testAddress() }));
    rude.send({ type: 'typing', typing: true });
    expect((await rude.closed).code).toBe(chatCloseCodes.invalidMessage);

    const address = testAddress();
    const { socket: first, token } = await visitor({ forwardedFor: address });
    const second = remember(await openVisitorSocket(baseUrl, { forwardedFor: address }));
    second.send({ type: 'hello', token });
    expect(await second.next('welcome')).toMatchObject({ token, state: 'queued' });
    expect(await second.next('queue')).toMatchObject({ position: 1 });
    expect((await first.closed).code).toBe(chatCloseCodes.replaced);

    const stranger = remember(await openVisitorSocket(baseUrl, { forwardedFor: testAddress() }));
    stranger.send({ type: 'hello', token: crypto.randomBytes(32).toString('base64url') });
    expect(await stranger.next('error')).toEqual({ type: 'error', code: 'unknown-conversation', clientId: null });
    expect((await stranger.closed).code).toBe(chatCloseCodes.finished);
    second.send({ type: 'leave' });
    expect(await second.next('ended')).toEqual({ type: 'ended', by: 'visitor' });
  });

  it('outside the opening hours a visitor gets the schedule and the socket closes with 4010', async () => {
    const closedAllWeek: ChatScheduleInput = { weekly: [[], [], [], [], [], [], []], exceptions: [] };
    const put = (schedule: ChatScheduleInput) => app.inject({ method: 'PUT', url: CHAT_SCHEDULE_PATH, headers: bearer(administratorToken), payload: schedule });
    expect((await put(closedAllWeek)).statusCode).toBe(200);
    try {
      const socket = remember(await openVisitorSocket(baseUrl, { forwardedFor: testAddress() }));
      socket.send({ type: 'hello', token: null });
      const closed = await socket.next('closed');
      expect(closed.schedule).toMatchObject({ open: false, schedule: { weekly: closedAllWeek.weekly } });
      expect((await socket.closed).code).toBe(chatCloseCodes.finished);
      expect(stats().conversations).toBe(0);
    } finally {
      expect((await put({ weekly: null, exceptions: [] })).statusCode).toBe(200);
    }
  });

  it('limits count per source behind a trusted proxy (its X-Forwarded-For) and per socket address otherwise', async () => {
    const address = testAddress();
    const first = await visitor({ forwardedFor: address });
    await visitor({ forwardedFor: address });
    const third = remember(await openVisitorSocket(baseUrl, { forwardedFor: address }));
    third.send({ type: 'hello', token: null });
    expect(await third.next('error')).toEqual({ type: 'error', code: 'too-many-conversations', clientId: null });
    expect((await third.closed).code).toBe(chatCloseCodes.limited);
    // The spoofed left-most hop is the client's own word; the proxy's right-most hop counts.
    const another = await visitor({ forwardedFor: `${address}, ${testAddress()}` });
    expect(another.token).toHaveLength(43);
    // Once one is over, a new one may open: the fourth connection from `address` this minute.
    first.socket.send({ type: 'leave' });
    await first.socket.closed;
    await visitor({ forwardedFor: address });
    // Every socket counts, hello or not: the fifth is let in, the sixth refused.
    remember(await openVisitorSocket(baseUrl, { forwardedFor: address }));
    const sixth = remember(await openVisitorSocket(baseUrl, { forwardedFor: address }));
    expect(await sixth.next('error')).toEqual({ type: 'error', code: 'rate-limited', clientId: null });
    expect((await sixth.closed).code).toBe(chatCloseCodes.limited);
    // From an address that is not a trusted proxy the header means nothing: its own address counts.
    const direct = await visitor({ forwardedFor: address, localAddress: '127.0.0.2' });
    expect(direct.token).toHaveLength(43);
  });

  it('an escalation alerts the board (name and time) and seals the address to the escrow key; the address is nowhere else', async () => {
    const canary = '203.0.113.77';
    const counsellor = await onShift();
    const desk = await counsellorChat(counsellor.token);
    const live: TestSocket = await openBoard(baseUrl, supervisorToken);
    opened.push(live);
    const { socket: visiting } = await visitor({ forwardedFor: `192.0.2.1, ${canary}` });
    const conversationId = await connect(desk, visiting);
    visiting.send({ type: 'message', clientId: 'v', text: 'Jeg er bange' });
    await desk.next('message', (event) => event.message.from === 'visitor');

    desk.send({ type: 'escalate', conversationId });
    expect((await desk.next('conversation', (event) => event.conversation.escalated)).conversation.state).toBe('active');
    const alerted = await live.next<{ board: unknown }>((message) => {
      const parsed = boardSnapshotSchema.safeParse(message.board);
      return parsed.success && parsed.data.alerts.some((alert) => alert.escrowSealed);
    });
    const [alert] = boardSnapshotSchema.parse(alerted.board).alerts;
    expect(alert).toMatchObject({ kind: 'chat-emergency', userId: counsellor.user.id, displayName: 'Test counsellor', escrowSealed: true });

    const { rows } = await db.query<{ sealed: Buffer; conversation_id: string }>('SELECT sealed, conversation_id::text AS conversation_id FROM chat_escrow');
    expect(rows).toHaveLength(1);
    const unsealed = crypto.privateDecrypt({ key: escrowKeys.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, rows[0]!.sealed);
    expect(JSON.parse(unsealed.toString('utf8'))).toMatchObject({ address: canary, conversationId });

    // Not in a log line, a frame to the workstation, any table (as text or hex), or the broker's state.
    const hex = Buffer.from(canary).toString('hex');
    expect(context.log.lines.join('\n')).not.toContain(canary);
    expect(JSON.stringify(desk.received)).not.toContain(canary);
    const { rows: tables } = await db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
    for (const { name } of tables) {
      const { rows: dump } = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
      const text = dump.map((row) => row.row).join('\n');
      expect(text, name).not.toContain(canary);
      expect(text, name).not.toContain(hex);
    }
    expect(reachableStrings(chatBrokerOf(app)).filter((value) => value.includes(canary))).toEqual([]);

    const ack = (token: string) => app.inject({ method: 'POST', url: chatAlertAckPath(alert!.alertId), headers: bearer(token) });
    expect((await ack(counsellor.token)).statusCode).toBe(403);
    expect((await ack(supervisorToken)).statusCode).toBe(204);
    expect((await ack(supervisorToken)).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: chatAlertAckPath('nope'), headers: bearer(supervisorToken) })).statusCode).toBe(400);
    const audited = await db.query<{ actor_id: string }>(`SELECT actor_id::text AS actor_id FROM audit_log WHERE action = 'chat.alert.acknowledge' AND target = $1`, [alert!.alertId]);
    expect(audited.rows).toHaveLength(1);
    expect((await board()).alerts).toEqual([]);
    desk.send({ type: 'block', conversationId });
    expect(await desk.next('released')).toEqual({ type: 'released', conversationId, reason: 'ended' });
    expect((await visiting.closed).code).toBe(chatCloseCodes.finished);
    const again = remember(await openVisitorSocket(baseUrl, { forwardedFor: canary }));
    again.send({ type: 'hello', token: null });
    expect(await again.next('error')).toEqual({ type: 'error', code: 'blocked', clientId: null });
  });

  it('transfer to a colleague listed by the transfer targets route; a counsellor who reconnects within the grace gets it back', async () => {
    const first = await onShift();
    const second = await onShift();
    const firstDesk = await counsellorChat(first.token);
    const { socket: visiting } = await visitor();
    const conversationId = await connect(firstDesk, visiting);
    const secondDesk = await counsellorChat(second.token);
    // Listed once its `accepting` has arrived.
    const targets = await eventually(async () => {
      const response = await app.inject({ method: 'GET', url: CHAT_TRANSFER_TARGETS_PATH, headers: bearer(first.token) });
      const listed = transferTargetsResponseSchema.parse(response.json()).targets;
      return listed.length > 0 ? listed : null;
    });
    expect(targets).toEqual([{ userId: second.user.id, displayName: 'Test counsellor', freeChats: 3 }]);

    firstDesk.send({ type: 'transfer', conversationId, toUserId: second.user.id });
    expect(await firstDesk.next('released')).toEqual({ type: 'released', conversationId, reason: 'transferred' });
    const offer = await secondDesk.next('offer');
    expect(offer.offer).toMatchObject({ conversationId, transfer: true });
    secondDesk.send({ type: 'accept', offerId: offer.offer.offerId });
    await secondDesk.next('conversation');

    secondDesk.close();
    await secondDesk.closed;
    visiting.send({ type: 'message', clientId: 'meanwhile', text: 'Hallo?' });
    await visiting.next('message', (event) => event.clientId === 'meanwhile');
    const back = await counsellorChat(second.token);
    const welcome = back.received[0];
    expect(welcome).toMatchObject({ type: 'welcome', conversations: [{ conversationId, state: 'active' }] });
    expect(JSON.stringify(welcome)).toContain('Hallo?');
    visiting.send({ type: 'leave' });
    expect((await back.next('conversation', (event) => event.conversation.state === 'ended')).conversation.messages.at(-1)?.notice).toBe('visitor-left');
  });

  it('a frame at the limit is still read (the limit is the chat one, not presence\'s)', async () => {
    const socket = remember(await openVisitorSocket(baseUrl, { forwardedFor: testAddress() }));
    socket.send({ type: 'hello', token: null });
    await socket.next('welcome');
    socket.sendRaw(JSON.stringify({ type: 'message', clientId: 'padded', text: 'p'.repeat(CHAT_FRAME_MAX_BYTES - 200) }));
    expect(await socket.next('error')).toEqual({ type: 'error', code: 'message-too-large', clientId: 'padded' });
    socket.send({ type: 'leave' });
    await socket.closed;
  });
});
