import { describe, expect, it } from 'vitest';
import { chatCloseCodes, counsellorEventSchema, visitorEventSchema } from '../../../shared/hub/chatApi';
import { MAX_HELD_MESSAGES } from './chatBroker';
import { VisitorLinkRecorder, brokerOnClock, userId, type CounsellorLinkRecorder } from './testing/chatBrokerKit';

const A = userId(1);
const B = userId(2);
const C = userId(3);

/** The last offer this counsellor got. */
const lastOffer = ({ link }: { link: CounsellorLinkRecorder }) => link.last('offer').offer;

describe('chat broker: queue and offers', () => {
  it('welcomes a new visitor with a token and their place; nobody is offered it while no counsellor accepts', () => {
    const kit = brokerOnClock();
    const first = kit.visitor();
    const second = kit.visitor('source-b');
    expect(first.link.last('welcome')).toMatchObject({ state: 'queued', maxMessageChars: 2000 });
    expect(first.link.last('welcome').token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.link.last('queue')).toEqual({ type: 'queue', position: 1, estimatedWaitSeconds: null });
    expect(second.link.last('queue')).toEqual({ type: 'queue', position: 2, estimatedWaitSeconds: null });

    const idle = kit.counsellor(A, { accepting: false });
    expect(idle.link.all('offer')).toEqual([]);
    expect(kit.broker.figures()).toEqual({ waiting: 2, longestWaitSeconds: 0, active: 0 });
    kit.advance(7_000);
    expect(kit.broker.figures().longestWaitSeconds).toBe(7);

    idle.session.accepting(true);
    expect(idle.link.all('offer').map((event) => event.offer.conversationId)).toEqual([first.session.conversationId, second.session.conversationId]);
    expect(lastOffer(idle)).toMatchObject({ waitedSeconds: 7, transfer: false });
    // Every event the broker sent is one the contract knows.
    for (const event of [...first.link.events, ...second.link.events]) expect(visitorEventSchema.safeParse(event).success).toBe(true);
    for (const event of idle.link.events) expect(counsellorEventSchema.safeParse(event).success).toBe(true);
  });

  it('offers count against the capacity; a place frees when a conversation ends', () => {
    const kit = brokerOnClock({ maxParallelChats: 2 });
    const visitors = [kit.visitor('s1'), kit.visitor('s2'), kit.visitor('s3')];
    const a = kit.counsellor(A);
    expect(a.link.all('offer')).toHaveLength(2);
    a.session.accept(a.link.all('offer')[0]!.offer.offerId);
    expect(a.link.all('offer')).toHaveLength(2);
    expect(kit.broker.transferTargets(B)).toEqual([]);
    a.session.end(visitors[0]!.session.conversationId);
    expect(a.link.all('offer')).toHaveLength(3);
    expect(lastOffer(a).conversationId).toBe(visitors[2]!.session.conversationId);
    expect(visitors[0]!.link.last('ended')).toEqual({ type: 'ended', by: 'counsellor' });
    expect(visitors[0]!.link.closed?.code).toBe(chatCloseCodes.finished);
  });

  it('routes first come first served, to the least loaded counsellor, then to the one who waited longest for an offer', () => {
    const kit = brokerOnClock({ maxParallelChats: 3 });
    const a = kit.counsellor(A);
    kit.advance(1_000);
    const b = kit.counsellor(B);
    const first = kit.visitor('s1');
    kit.advance(1_000);
    const second = kit.visitor('s2');
    kit.advance(1_000);
    const third = kit.visitor('s3');
    // Both empty: A has waited longer (never offered; A < B by id); then B (less loaded); then A again.
    expect(lastOffer(a).conversationId).toBe(third.session.conversationId);
    expect(a.link.all('offer').map((event) => event.offer.conversationId)).toEqual([first.session.conversationId, third.session.conversationId]);
    expect(b.link.all('offer').map((event) => event.offer.conversationId)).toEqual([second.session.conversationId]);
  });

  it('an offer that lapses goes to someone else, and back to the same counsellor only when nobody else can take it', () => {
    const kit = brokerOnClock({ offerSeconds: 30 });
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    const firstOffer = lastOffer(a);
    kit.advance(29_000);
    expect(a.link.all('offer-withdrawn')).toEqual([]);
    const b = kit.counsellor(B);
    expect(b.link.all('offer')).toEqual([]);
    kit.advance(1_000);
    expect(a.link.last('offer-withdrawn')).toEqual({ type: 'offer-withdrawn', offerId: firstOffer.offerId, reason: 'expired' });
    expect(lastOffer(b)).toMatchObject({ conversationId: visitor.session.conversationId, waitedSeconds: 30 });
    // A late accept of the lapsed offer is refused.
    a.session.accept(firstOffer.offerId);
    expect(a.link.last('error')).toMatchObject({ code: 'unknown-conversation' });
    // B lets it lapse too: nobody else is left who has not had it, so A gets it again.
    kit.advance(30_000);
    expect(a.link.all('offer')).toHaveLength(2);
    expect(lastOffer(a).offerId).not.toBe(firstOffer.offerId);
    a.session.accept(lastOffer(a).offerId);
    expect(a.link.last('conversation').conversation).toMatchObject({ conversationId: visitor.session.conversationId, state: 'active' });
  });

  it('a declined offer goes to a colleague at once; the visitor waiting is told nothing but their place', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    const b = kit.counsellor(B);
    expect(b.link.all('offer')).toEqual([]);
    a.session.decline(lastOffer(a).offerId);
    expect(a.link.last('offer-withdrawn').reason).toBe('declined');
    expect(lastOffer(b).conversationId).toBe(visitor.session.conversationId);
    expect(visitor.link.all('queue')).toHaveLength(1);
  });

  it('an offer is withdrawn when the visitor leaves; a waiting visitor whose socket dropped keeps their place but is not offered', () => {
    const kit = brokerOnClock({ maxParallelChats: 1 });
    const leaving = kit.visitor('s1');
    const dropping = kit.visitor('s2');
    const staying = kit.visitor('s3');
    const a = kit.counsellor(A, { accepting: false });
    dropping.session.detached();
    a.session.accepting(true);
    expect(lastOffer(a).conversationId).toBe(leaving.session.conversationId);
    leaving.session.leave();
    expect(leaving.link.last('ended').by).toBe('visitor');
    expect(a.link.last('offer-withdrawn').reason).toBe('visitor-left');
    // The next offer skips the dropped visitor, who is still second in line for the board.
    expect(lastOffer(a).conversationId).toBe(staying.session.conversationId);
    expect(staying.link.last('queue').position).toBe(2);
    expect(kit.broker.figures().waiting).toBe(2);
  });

  it('estimates the wait from the recent ones once three were answered', () => {
    const kit = brokerOnClock({ maxParallelChats: 10 });
    const a = kit.counsellor(A, { accepting: false });
    for (let n = 0; n < 3; n += 1) kit.visitor(`early-${n}`);
    kit.advance(60_000);
    a.session.accepting(true);
    for (const offer of a.link.all('offer')) a.session.accept(offer.offer.offerId);
    a.session.accepting(false);
    // The three waited 60 s at places 1, 2, 3: 60, 30, 20 s per place, 36.7 s on average.
    const late = kit.visitor('late');
    const later = kit.visitor('later');
    expect(late.link.last('queue')).toEqual({ type: 'queue', position: 1, estimatedWaitSeconds: 37 });
    expect(later.link.last('queue')).toEqual({ type: 'queue', position: 2, estimatedWaitSeconds: 73 });
  });
});

describe('chat broker: messages, seq and forgetting', () => {
  it('relays both ways with one seq per conversation, and holds no message once both sides acknowledged it', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    visitor.session.message('v1', 'Hej, er der nogen?');
    expect(visitor.link.last('message')).toMatchObject({ clientId: 'v1', message: { seq: 1, from: 'visitor', text: 'Hej, er der nogen?', notice: null } });
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    const started = a.link.last('conversation').conversation;
    expect(started.messages.map((message) => [message.seq, message.from, message.notice])).toEqual([
      [1, 'visitor', null],
      [2, 'system', 'counsellor-joined'],
    ]);
    expect(visitor.link.last('message').message).toMatchObject({ seq: 2, from: 'system', notice: 'counsellor-joined' });
    expect(visitor.link.all('welcome')).toHaveLength(1);

    a.session.message(visitor.session.conversationId, 'c1', 'Ja, jeg er her.');
    expect(a.link.last('message')).toMatchObject({ clientId: 'c1', message: { seq: 3, from: 'counsellor', text: 'Ja, jeg er her.' } });
    expect(visitor.link.last('message')).toMatchObject({ clientId: null, message: { seq: 3, from: 'counsellor' } });
    visitor.session.typing(true);
    expect(a.link.last('typing')).toEqual({ type: 'typing', conversationId: visitor.session.conversationId, typing: true });
    a.session.typing(visitor.session.conversationId, false);
    expect(visitor.link.last('typing')).toEqual({ type: 'typing', typing: false });

    expect(kit.broker.stats().heldMessages).toBe(3);
    visitor.session.ack(3);
    expect(kit.broker.stats().heldMessages).toBe(3);
    a.session.ack(visitor.session.conversationId, 2);
    expect(kit.broker.stats().heldMessages).toBe(1);
    a.session.ack(visitor.session.conversationId, 3);
    expect(kit.broker.stats()).toMatchObject({ conversations: 1, heldMessages: 0 });
  });

  it('echoes a resent message instead of doubling it', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    visitor.session.message('same', 'én gang');
    visitor.session.message('same', 'én gang');
    expect(visitor.link.all('message').filter((event) => event.clientId === 'same').map((event) => event.message.seq)).toEqual([2, 2]);
    expect(a.link.all('message').filter((event) => event.message.from === 'visitor')).toHaveLength(1);
    a.session.message(visitor.session.conversationId, 'c', 'svar');
    a.session.message(visitor.session.conversationId, 'c', 'svar');
    expect(visitor.link.all('message').filter((event) => event.message.from === 'counsellor')).toHaveLength(1);
  });

  it('cleans text and refuses what is empty, too long or too fast, keeping the conversation', () => {
    const kit = brokerOnClock({ maxMessageChars: 100, messagesPerMinute: 3 });
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    visitor.session.message('ctl', '\u0007Hej\u202Edu\r\nder\u0000 ');
    expect(a.link.last('message').message.text).toBe('Hejdu\nder');
    visitor.session.message('empty', ' \u0001\u2066 ');
    expect(visitor.link.last('error')).toEqual({ type: 'error', code: 'invalid-message', clientId: 'empty' });
    visitor.session.message('long', 'x'.repeat(101));
    expect(visitor.link.last('error')).toEqual({ type: 'error', code: 'message-too-large', clientId: 'long' });
    visitor.session.message('two', 'to');
    visitor.session.message('three', 'tre');
    visitor.session.message('four', 'fire');
    expect(visitor.link.last('error')).toEqual({ type: 'error', code: 'rate-limited', clientId: 'four' });
    kit.advance(60_001);
    visitor.session.message('four', 'fire');
    expect(visitor.link.last('message').clientId).toBe('four');
    a.session.message(visitor.session.conversationId, 'long', 'y'.repeat(101));
    expect(a.link.last('error')).toEqual({ type: 'error', code: 'message-too-large', conversationId: visitor.session.conversationId, clientId: 'long' });
    expect(visitor.link.closed).toBeNull();
  });

  it('holds at most MAX_HELD_MESSAGES unacknowledged messages per conversation', () => {
    const kit = brokerOnClock({ messagesPerMinute: 600 });
    const visitor = kit.visitor();
    for (let n = 0; n < MAX_HELD_MESSAGES; n += 1) {
      if (n % 500 === 499) kit.advance(60_001);
      visitor.session.message(`m${n}`, `besked ${n}`);
    }
    expect(visitor.link.all('error')).toEqual([]);
    visitor.session.message('over', 'en for meget');
    expect(visitor.link.last('error').code).toBe('rate-limited');
  });

  it('gives every message to the transcript only when the policy keeps them', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor('s', null, kit.withTranscript);
    visitor.session.message('v', 'gemmes krypteret');
    kit.visitor('s');
    expect(kit.transcript.map((entry) => [entry.conversationId, entry.message.text])).toEqual([[visitor.session.conversationId, 'gemmes krypteret']]);
  });

  it('errors on conversations that are not there or not yours; late acks and typing are ignored', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    const b = kit.counsellor(B);
    a.session.accept(lastOffer(a).offerId);
    const id = visitor.session.conversationId;
    b.session.message(id, 'x', 'ikke din');
    expect(b.link.last('error')).toEqual({ type: 'error', code: 'not-yours', conversationId: id, clientId: 'x' });
    b.session.end(id);
    b.session.block(id);
    b.session.transfer(id, null);
    b.session.escalate(id);
    expect(b.link.all('error').map((event) => event.code)).toEqual(['not-yours', 'not-yours', 'not-yours', 'not-yours', 'not-yours']);
    const gone = '00000000-0000-4000-8000-999999999999';
    a.session.end(gone);
    expect(a.link.last('error')).toMatchObject({ code: 'unknown-conversation', conversationId: gone });
    const errors = a.link.all('error').length;
    a.session.ack(gone, 4);
    a.session.typing(gone, true);
    b.session.ack(id, 99);
    expect(a.link.all('error')).toHaveLength(errors);
    expect(kit.broker.stats().heldMessages).toBe(1);
  });
});

describe('chat broker: transfer', () => {
  it('to a colleague: an offer marked as a transfer with what the hub still holds; if declined, the queue front for anyone else', () => {
    const kit = brokerOnClock();
    const a = kit.counsellor(A);
    const moved = kit.visitor('s1');
    a.session.accept(lastOffer(a).offerId);
    moved.session.message('v', 'før');
    a.session.ack(moved.session.conversationId, 2);
    a.session.accepting(false);
    const waiting = kit.visitor('s0');
    const b = kit.counsellor(B);
    expect(lastOffer(b).conversationId).toBe(waiting.session.conversationId);
    const c = kit.counsellor(C);
    expect(c.link.all('offer')).toEqual([]);
    expect(kit.broker.transferTargets(A).map((target) => [target.userId, target.freeChats])).toEqual([
      [B, 2],
      [C, 3],
    ]);

    a.session.transfer(moved.session.conversationId, C);
    expect(a.link.last('released')).toEqual({ type: 'released', conversationId: moved.session.conversationId, reason: 'transferred' });
    expect(moved.link.last('message').message.notice).toBe('transferred');
    const transferOffer = lastOffer(c);
    expect(transferOffer).toMatchObject({ conversationId: moved.session.conversationId, transfer: true });
    // Front of the queue, ahead of the visitor who was there first.
    expect(moved.link.last('queue').position).toBe(1);
    expect(waiting.link.last('queue').position).toBe(2);

    c.session.decline(transferOffer.offerId);
    // Not back to A (who handed it on) nor C (who declined): B has room.
    expect(lastOffer(b).conversationId).toBe(moved.session.conversationId);
    b.session.accept(lastOffer(b).offerId);
    const taken = b.link.last('conversation').conversation;
    // The visitor acknowledged nothing yet, so the hub still holds all of it.
    expect(taken.messages.map((message) => message.notice ?? message.text)).toEqual(['counsellor-joined', 'før', 'transferred', 'counsellor-joined']);
    expect(taken.startedAt).toBe(a.link.last('conversation').conversation.startedAt);
    moved.session.message('v2', 'efter');
    expect(b.link.last('message').message.text).toBe('efter');
    expect(a.link.all('message').some((event) => event.message.text === 'efter')).toBe(false);
  });

  it('back to the queue: to its front, for someone else first', () => {
    const kit = brokerOnClock({ maxParallelChats: 1 });
    const held = kit.visitor('s0');
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    const waiting = kit.visitor('s1');
    a.session.transfer(held.session.conversationId, null);
    expect(a.link.last('released').reason).toBe('requeued');
    expect(held.link.last('message').message.notice).toBe('requeued');
    expect(held.link.last('queue').position).toBe(1);
    // Nobody else: A is offered the waiting visitor first (A handed the other one on).
    expect(lastOffer(a).conversationId).toBe(waiting.session.conversationId);
    const b = kit.counsellor(B);
    expect(lastOffer(b)).toMatchObject({ conversationId: held.session.conversationId, transfer: true });
  });

  it('refuses a transfer to oneself, a stranger, someone not taking offers or someone without room', () => {
    const kit = brokerOnClock({ maxParallelChats: 1 });
    const visitor = kit.visitor('s0');
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    const busy = kit.counsellor(B);
    kit.visitor('s1');
    expect(busy.link.all('offer')).toHaveLength(1);
    kit.counsellor(C, { accepting: false });
    const id = visitor.session.conversationId;
    for (const target of [A, userId(9), C]) a.session.transfer(id, target);
    a.session.transfer(id, B);
    expect(a.link.all('error').map((event) => event.code)).toEqual(['unavailable', 'unavailable', 'unavailable', 'no-capacity']);
    expect(a.link.all('released')).toEqual([]);
  });
});

describe('chat broker: the earlier conversation handed over with a transfer', () => {
  const at = '2030-01-07T10:00:00.000Z';
  /** A talks with a visitor (joined 1, visitor 2, counsellor 3); both sides acknowledged all: the hub holds nothing. */
  const talked = (kit: ReturnType<typeof brokerOnClock>) => {
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    const id = visitor.session.conversationId;
    visitor.session.message('v1', 'Jeg kan ikke sove');
    a.session.message(id, 'c1', 'Fortæl mere');
    visitor.session.ack(3);
    a.session.ack(id, 3);
    expect(kit.broker.stats().heldMessages).toBe(0);
    const handover = [
      { seq: 2, from: 'visitor' as const, text: 'Jeg kan ikke sove', sentAt: at },
      { seq: 3, from: 'counsellor' as const, text: 'Fortæl mere', sentAt: at },
    ];
    return { visitor, a, id, handover };
  };

  it('to a colleague: their conversation event carries the earlier messages in order; gone once they acknowledged them', () => {
    const kit = brokerOnClock();
    const { visitor, a, id, handover } = talked(kit);
    const b = kit.counsellor(B);
    a.session.transfer(id, B, handover);
    expect(a.link.last('released').reason).toBe('transferred');
    // The visitor gets nothing of the handover, only the notice.
    expect(visitor.link.all('message').map((event) => event.message.seq)).toEqual([1, 2, 3, 4]);
    b.session.accept(lastOffer(b).offerId);
    const taken = b.link.last('conversation').conversation;
    expect(taken.messages.map((message) => [message.seq, message.from, message.notice ?? message.text])).toEqual([
      [2, 'visitor', 'Jeg kan ikke sove'],
      [3, 'counsellor', 'Fortæl mere'],
      [4, 'system', 'transferred'],
      [5, 'system', 'counsellor-joined'],
    ]);
    expect(counsellorEventSchema.safeParse(b.link.last('conversation')).success).toBe(true);
    visitor.session.ack(5);
    expect(kit.broker.stats().heldMessages).toBe(4);
    b.session.ack(id, 5);
    expect(kit.broker.stats().heldMessages).toBe(0);
  });

  it('back to the queue: whoever accepts next gets it, merged with what the hub still holds; dropped if the visitor leaves first', () => {
    const kit = brokerOnClock();
    const { visitor, a, id, handover } = talked(kit);
    visitor.session.message('v2', 'Er du der?');
    // The desk had seq 4 too (acknowledged), the visitor had not acked it yet: the hub's own copy is kept once.
    a.session.accepting(false);
    a.session.transfer(id, null, [...handover, { seq: 4, from: 'visitor', text: 'Er du der? (desk)', sentAt: at }]);
    const b = kit.counsellor(B);
    b.session.accept(lastOffer(b).offerId);
    expect(b.link.last('conversation').conversation.messages.map((message) => message.notice ?? message.text)).toEqual([
      'Jeg kan ikke sove',
      'Fortæl mere',
      'Er du der?',
      'requeued',
      'counsellor-joined',
    ]);

    const again = brokerOnClock();
    const second = talked(again);
    second.a.session.transfer(second.id, null, second.handover);
    expect(again.broker.stats().heldMessages).toBe(3);
    second.visitor.session.leave();
    expect(again.broker.stats()).toMatchObject({ conversations: 0, heldMessages: 0 });
  });

  it('refuses a handover with seqs the hub never gave, repeats, senders or text not allowed, or too many: no transfer', () => {
    const kit = brokerOnClock();
    const { visitor, a, id, handover } = talked(kit);
    const b = kit.counsellor(B);
    const bad: unknown[] = [
      [...handover, { seq: 4, from: 'counsellor', text: 'ikke sendt endnu', sentAt: at }],
      [handover[1], handover[0]],
      [handover[0], handover[0]],
      [{ seq: 1, from: 'system', text: 'counsellor-joined', sentAt: at }],
      [{ seq: 2, from: 'visitor', text: ' \u0001\u2066 ', sentAt: at }],
      [{ seq: 2, from: 'visitor', text: 'x', sentAt: 'i går' }],
      [{ ...handover[0], extra: true }],
      Array.from({ length: 201 }, () => handover[0]),
      'ikke en liste',
    ];
    for (const handed of bad) a.session.transfer(id, B, handed as never);
    a.session.transfer(id, null, [{ seq: 0, from: 'visitor', text: 'x', sentAt: at }]);
    expect(a.link.all('error').map((event) => [event.code, event.conversationId])).toEqual(Array.from({ length: bad.length + 1 }, () => ['invalid-message', id]));
    expect(a.link.all('released')).toEqual([]);
    expect(b.link.all('offer')).toEqual([]);
    expect(visitor.link.all('message').map((event) => event.message.notice)).not.toContain('transferred');
    expect(kit.broker.stats().heldMessages).toBe(0);

    // Text is cleaned as any message is.
    a.session.transfer(id, B, [{ seq: 2, from: 'visitor', text: 'Jeg kan\u202E ikke sove\r\n', sentAt: at }]);
    b.session.accept(lastOffer(b).offerId);
    expect(b.link.last('conversation').conversation.messages[0]).toMatchObject({ seq: 2, text: 'Jeg kan ikke sove' });
  });
});

describe('chat broker: sockets that drop, shifts that end', () => {
  it('a counsellor who reconnects within the grace gets their conversations back with what arrived meanwhile', () => {
    const kit = brokerOnClock({ reconnectGraceSeconds: 60 });
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    a.session.ack(visitor.session.conversationId, 1);
    a.session.detached();
    visitor.session.message('v', 'er du der?');
    expect(visitor.link.all('message').map((event) => event.message.notice ?? event.message.text)).toEqual(['counsellor-joined', 'er du der?']);
    kit.advance(59_000);
    const again = kit.counsellor(A);
    const welcome = again.link.last('welcome');
    expect(welcome).toMatchObject({ maxParallelChats: 3, conversations: [{ conversationId: visitor.session.conversationId, state: 'active' }] });
    expect(welcome.conversations[0]!.messages.map((message) => message.text)).toEqual(['er du der?']);
    // The old socket's session changes nothing any more.
    a.session.end(visitor.session.conversationId);
    expect(visitor.link.all('ended')).toEqual([]);
    kit.advance(120_000);
    expect(kit.broker.figures()).toMatchObject({ active: 1, waiting: 0 });
  });

  it('a counsellor who does not come back in time: their conversations go to the queue front, the visitor is told', () => {
    const kit = brokerOnClock({ reconnectGraceSeconds: 30, maxParallelChats: 1 });
    const held = kit.visitor('s0');
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    const waiting = kit.visitor('s1');
    a.session.detached();
    kit.advance(29_000);
    expect(kit.broker.figures()).toMatchObject({ active: 1, waiting: 1 });
    kit.advance(1_000);
    expect(held.link.last('message').message.notice).toBe('requeued');
    expect(held.link.last('queue').position).toBe(1);
    expect(waiting.link.last('queue').position).toBe(2);
    expect(kit.broker.figures()).toMatchObject({ active: 0, waiting: 2 });
    expect(kit.broker.stats().counsellors).toBe(0);
  });

  it('a shift login that ends closes the chat socket and requeues its conversations at once, longest-held first', () => {
    const kit = brokerOnClock();
    const first = kit.visitor('s0');
    const second = kit.visitor('s1');
    const a = kit.counsellor(A, { loginId: 'login-1' });
    a.session.accept(a.link.all('offer')[0]!.offer.offerId);
    kit.advance(1_000);
    a.session.accept(a.link.all('offer')[1]!.offer.offerId);
    kit.broker.shiftEnded(A, 'another-login');
    expect(a.link.closed).toBeNull();
    kit.broker.shiftEnded(A, 'login-1');
    expect(a.link.closed).toEqual({ code: chatCloseCodes.shiftEnded, reason: 'shift login ended' });
    expect(first.link.last('queue').position).toBe(1);
    expect(second.link.last('queue').position).toBe(2);
    expect(kit.broker.figures()).toMatchObject({ active: 0, waiting: 2 });
    const b = kit.counsellor(B);
    expect(b.link.all('offer').map((event) => event.offer.conversationId)).toEqual([first.session.conversationId, second.session.conversationId]);
  });

  it('a newer socket replaces an older one (4002); a newer shift login first requeues the older one\'s conversations', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const a = kit.counsellor(A, { loginId: 'login-1' });
    a.session.accept(lastOffer(a).offerId);
    const again = kit.counsellor(A, { loginId: 'login-1', accepting: false });
    expect(a.link.closed?.code).toBe(chatCloseCodes.replaced);
    expect(again.link.last('welcome').conversations).toHaveLength(1);
    const newLogin = kit.counsellor(A, { loginId: 'login-2', accepting: false });
    expect(again.link.closed?.code).toBe(chatCloseCodes.shiftEnded);
    expect(newLogin.link.last('welcome').conversations).toEqual([]);
    expect(visitor.link.last('message').message.notice).toBe('requeued');
  });

  it('a visitor who comes back within the grace resumes with their token; the counsellor sees away and back', () => {
    const kit = brokerOnClock({ reconnectGraceSeconds: 60 });
    const visitor = kit.visitor();
    const token = visitor.link.last('welcome').token;
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    visitor.session.message('v', 'hjælp');
    visitor.session.ack(2);
    visitor.session.detached();
    expect(a.link.last('conversation').conversation.state).toBe('visitor-away');
    a.session.message(visitor.session.conversationId, 'c', 'mens du var væk');
    kit.advance(59_000);
    const back = kit.resume(token);
    expect(back.link.events[0]).toEqual({ type: 'welcome', token, state: 'active', maxMessageChars: 2000 });
    // Only what the visitor had not acknowledged comes again.
    expect(back.link.messages().map((message) => message.text)).toEqual(['mens du var væk']);
    expect(a.link.last('message').message.notice).toBe('visitor-back');
    expect(a.link.last('conversation').conversation.state).toBe('active');
    back.session!.message('v2', 'tilbage');
    expect(a.link.last('message').message.text).toBe('tilbage');
    // The session of the dropped socket is stale.
    visitor.session.leave();
    expect(kit.broker.stats().conversations).toBe(1);
  });

  it('a visitor who does not come back in time has left; the broker forgets the conversation', () => {
    const kit = brokerOnClock({ reconnectGraceSeconds: 60 });
    const visitor = kit.visitor();
    const token = visitor.link.last('welcome').token;
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    visitor.session.message('v', 'farvel');
    visitor.session.detached();
    kit.advance(60_000);
    const ended = a.link.last('conversation').conversation;
    expect(ended.state).toBe('ended');
    expect(ended.messages.map((message) => message.notice ?? message.text)).toEqual(['counsellor-joined', 'farvel', 'visitor-left']);
    expect(kit.broker.stats()).toEqual({ conversations: 0, waiting: 0, counsellors: 1, offers: 0, heldMessages: 0 });
    const late = kit.resume(token);
    expect(late.session).toBeNull();
    expect(late.link.events).toEqual([{ type: 'error', code: 'unknown-conversation', clientId: null }]);
    expect(late.link.closed?.code).toBe(chatCloseCodes.finished);
    // A counsellor with room again: a new visitor is offered.
    kit.visitor('s2');
    expect(a.link.all('offer')).toHaveLength(2);
  });

  it('one socket per token: a newer one replaces the older (4002), whose session is stale', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const token = visitor.link.last('welcome').token;
    const second = kit.resume(token);
    expect(visitor.link.closed?.code).toBe(chatCloseCodes.replaced);
    expect(second.link.last('queue').position).toBe(1);
    visitor.session.detached();
    visitor.session.message('old', 'fra den gamle');
    expect(kit.broker.stats().heldMessages).toBe(0);
    const a = kit.counsellor(A);
    expect(a.link.all('offer')).toHaveLength(1);
  });

  it('the visitor leaves: ended for both, nothing kept', () => {
    const kit = brokerOnClock();
    const visitor = kit.visitor();
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    visitor.session.message('v', 'tak');
    visitor.session.leave();
    expect(visitor.link.events.at(-1)).toEqual({ type: 'ended', by: 'visitor' });
    expect(visitor.link.closed?.code).toBe(chatCloseCodes.finished);
    expect(a.link.last('conversation').conversation.state).toBe('ended');
    expect(kit.broker.stats()).toMatchObject({ conversations: 0, heldMessages: 0 });
    expect(kit.limits.mayOpenConversation('source-a')).toBe(true);
  });
});

describe('chat broker: abuse limits and emergencies', () => {
  it('block: the token is refused for good, the source for blockMinutes, other sources not at all', () => {
    const kit = brokerOnClock({ blockMinutes: 10 });
    const visitor = kit.visitor('abusive');
    const token = visitor.link.last('welcome').token;
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    a.session.block(visitor.session.conversationId);
    expect(a.link.last('released')).toEqual({ type: 'released', conversationId: visitor.session.conversationId, reason: 'ended' });
    expect(visitor.link.last('ended').by).toBe('hub');
    expect(visitor.link.closed?.code).toBe(chatCloseCodes.finished);
    expect(kit.broker.stats()).toMatchObject({ conversations: 0, heldMessages: 0 });

    const again = kit.resume(token);
    expect(again.session).toBeNull();
    expect(again.link.events).toEqual([{ type: 'error', code: 'blocked', clientId: null }]);
    const fresh = kit.broker.openConversation('abusive', new VisitorLinkRecorder());
    expect(fresh).toBeNull();
    expect(kit.visitor('someone-else').link.last('welcome').state).toBe('queued');
    kit.advance(10 * 60_000);
    expect(kit.visitor('abusive').link.last('welcome').state).toBe('queued');
    expect(kit.resume(token).session).toBeNull();
  });

  it('a source may hold maxOpenConversationsPerSource conversations at once', () => {
    const kit = brokerOnClock({ maxOpenConversationsPerSource: 2 });
    const first = kit.visitor('shared');
    kit.visitor('shared');
    const link = new VisitorLinkRecorder();
    expect(kit.broker.openConversation('shared', link)).toBeNull();
    expect(link.events).toEqual([{ type: 'error', code: 'too-many-conversations', clientId: null }]);
    expect(link.closed?.code).toBe(chatCloseCodes.limited);
    first.session.leave();
    expect(kit.visitor('shared').link.last('welcome').state).toBe('queued');
  });

  it('escalate: one board alert per conversation with name and time, sealed only with escrow and the visitor present', async () => {
    const kit = brokerOnClock();
    const sealed: { conversationId: string; at: string }[] = [];
    const seal = (conversationId: string, at: Date) => (sealed.push({ conversationId, at: at.toISOString() }), Promise.resolve('escrow-row'));
    const visitor = kit.visitor('s', seal);
    const unsealed = kit.visitor('t');
    const a = kit.counsellor(A, { name: 'Anna' });
    let boardChanges = 0;
    kit.broker.onChange(() => (boardChanges += 1));
    for (const offer of a.link.all('offer')) a.session.accept(offer.offer.offerId);
    boardChanges = 0;

    a.session.escalate(visitor.session.conversationId);
    expect(a.link.last('conversation').conversation).toMatchObject({ conversationId: visitor.session.conversationId, escalated: true, state: 'active' });
    expect(kit.broker.alerts()).toEqual([
      { alertId: expect.any(String) as string, kind: 'chat-emergency', userId: A, displayName: 'Anna', raisedAt: new Date(kit.nowMs()).toISOString(), escrowSealed: false },
    ]);
    await kit.settled();
    expect(sealed).toEqual([{ conversationId: visitor.session.conversationId, at: new Date(kit.nowMs()).toISOString() }]);
    expect(kit.broker.alerts()[0]!.escrowSealed).toBe(true);
    expect(boardChanges).toBe(2);

    a.session.escalate(visitor.session.conversationId);
    await kit.settled();
    expect(kit.broker.alerts()).toHaveLength(1);
    expect(sealed).toHaveLength(1);

    a.session.escalate(unsealed.session.conversationId);
    await kit.settled();
    expect(kit.broker.alerts().map((alert) => alert.escrowSealed)).toEqual([true, false]);
    const [first] = kit.broker.alerts();
    expect(kit.broker.acknowledgeAlert(first!.alertId)).toBe(true);
    expect(kit.broker.acknowledgeAlert(first!.alertId)).toBe(false);
    expect(kit.broker.alerts()).toHaveLength(1);
    // Visible to the visitor? Nothing: an escalation is not announced in the conversation.
    expect(visitor.link.all('message').some((event) => event.message.from === 'system' && event.message.notice !== 'counsellor-joined')).toBe(false);
  });

  it('a failed seal is logged by words and tried again when the visitor comes back', async () => {
    const kit = brokerOnClock();
    let attempts = 0;
    const failing = () => (attempts += 1, Promise.reject(new Error('database down')));
    const visitor = kit.visitor('s', failing);
    const token = visitor.link.last('welcome').token;
    const a = kit.counsellor(A);
    a.session.accept(lastOffer(a).offerId);
    a.session.escalate(visitor.session.conversationId);
    await kit.settled();
    expect(kit.failures).toEqual(['escrow seal failed']);
    expect(kit.broker.alerts()[0]!.escrowSealed).toBe(false);
    visitor.session.detached();
    const sealed: string[] = [];
    kit.resume(token, (conversationId) => (sealed.push(conversationId), Promise.resolve('row')));
    await kit.settled();
    expect([attempts, sealed]).toEqual([1, [visitor.session.conversationId]]);
    expect(kit.broker.alerts()[0]!.escrowSealed).toBe(true);
  });

  it('tells the board only when a count changes', () => {
    const kit = brokerOnClock();
    let changes = 0;
    kit.broker.onChange(() => (changes += 1));
    const visitor = kit.visitor();
    expect(changes).toBe(1);
    kit.advance(5_000);
    visitor.session.message('v', 'hej');
    expect(changes).toBe(1);
    const a = kit.counsellor(A);
    expect(changes).toBe(1);
    a.session.accept(lastOffer(a).offerId);
    expect(changes).toBe(2);
    expect(kit.broker.figures()).toEqual({ waiting: 0, longestWaitSeconds: null, active: 1 });
  });
});
