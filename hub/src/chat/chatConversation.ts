import type { ChatMessage, ChatSender, CounsellorConversation, CounsellorEvent, SystemNotice, VisitorEvent } from '../../../shared/hub/chatApi';

/** The two sides a message is delivered to. */
export type Party = 'visitor' | 'counsellor';

/** What the visitor's socket gives the broker: where to send, how to close, and (escrow only) how to seal. */
export interface VisitorLink {
  send(event: VisitorEvent): void;
  close(code: number, reason: string): void;
  /** Seals this connection's address to the escrow key; null without escrow. Dropped with the socket. */
  readonly seal: ((conversationId: string, at: Date) => Promise<string>) | null;
}

export interface CounsellorLink {
  send(event: CounsellorEvent): void;
  close(code: number, reason: string): void;
}

/** A message the hub still holds: until every party in `pending` acknowledged it. */
export interface HeldMessage {
  message: ChatMessage;
  /** The sender's id for it, so a resend is echoed instead of doubled. */
  clientId: string | null;
  pending: Set<Party>;
}

export interface Offer {
  offerId: string;
  conversationId: string;
  userId: string;
  expiresAtMs: number;
  transfer: boolean;
}

/** One conversation, in memory only. Nothing here names the visitor: the source is a keyed hash. */
export interface Conversation {
  readonly id: string;
  readonly token: string;
  readonly sourceHash: string;
  /** `waiting`: in the queue (perhaps offered); `held`: a counsellor has it. */
  phase: 'waiting' | 'held';
  /** When it (last) entered the queue, and at which place: for the board and the wait estimate. */
  queuedAtMs: number;
  queuedAtPosition: number;
  /** The first accept. */
  startedAtMs: number | null;
  holder: string | null;
  offer: Offer | null;
  /** Counsellors who declined it, let its offer lapse or handed it on: offered to them only if nobody else can. */
  passed: Set<string>;
  /** It was held before: an offer says `transfer: true`. */
  handedOver: boolean;
  escalated: boolean;
  /** The address was (or is being) sealed to the escrow key: once per conversation. */
  sealing: boolean;
  visitor: VisitorLink | null;
  /** The visitor's socket dropped: it may come back until then. */
  awayUntilMs: number | null;
  lastSeq: number;
  held: HeldMessage[];
  /** The visitor's recent message times, for `messagesPerMinute`. */
  visitorSends: number[];
  /** The last queue event sent to the visitor, to send only changes. */
  lastQueueEvent: string | null;
}

export function newConversation(id: string, token: string, sourceHash: string, nowMs: number): Conversation {
  return {
    id,
    token,
    sourceHash,
    phase: 'waiting',
    queuedAtMs: nowMs,
    queuedAtPosition: 1,
    startedAtMs: null,
    holder: null,
    offer: null,
    passed: new Set(),
    handedOver: false,
    escalated: false,
    sealing: false,
    visitor: null,
    awayUntilMs: null,
    lastSeq: 0,
    held: [],
    visitorSends: [],
    lastQueueEvent: null,
  };
}

/** Appends a message with the next seq, held for `to` until they acknowledge it. */
export function appendMessage(
  conversation: Conversation,
  from: ChatSender,
  content: { text: string; notice: SystemNotice | null },
  to: readonly Party[],
  clientId: string | null,
  at: Date,
): HeldMessage {
  conversation.lastSeq += 1;
  const held: HeldMessage = {
    message: { seq: conversation.lastSeq, from, text: content.text, notice: content.notice, sentAt: at.toISOString() },
    clientId,
    pending: new Set(to),
  };
  conversation.held.push(held);
  return held;
}

/** `party` has every message up to `seq`: forgotten for them, and forgotten altogether once nobody waits for it. */
export function acknowledge(conversation: Conversation, party: Party, seq: number): void {
  for (const held of conversation.held) if (held.message.seq <= seq) held.pending.delete(party);
  conversation.held = conversation.held.filter((held) => held.pending.size > 0);
}

export function pendingFor(conversation: Conversation, party: Party): ChatMessage[] {
  return conversation.held.filter((held) => held.pending.has(party)).map((held) => held.message);
}

/**
 * A new counsellor takes the conversation over: whatever the hub still holds is theirs to read,
 * the earlier conversation the last desk handed over (chatHandover.ts) among it.
 */
export function handOver(conversation: Conversation): void {
  for (const held of conversation.held) held.pending.add('counsellor');
}

/** The sender's earlier message with this id, if the hub still holds it. */
export function heldByClientId(conversation: Conversation, from: ChatSender, clientId: string): HeldMessage | null {
  return conversation.held.find((held) => held.clientId === clientId && held.message.from === from) ?? null;
}

export function counsellorView(conversation: Conversation, state: CounsellorConversation['state']): CounsellorConversation {
  return {
    conversationId: conversation.id,
    state,
    startedAt: new Date(conversation.startedAtMs ?? conversation.queuedAtMs).toISOString(),
    escalated: conversation.escalated,
    messages: pendingFor(conversation, 'counsellor'),
  };
}

export function liveState(conversation: Conversation): 'active' | 'visitor-away' {
  return conversation.awayUntilMs === null ? 'active' : 'visitor-away';
}
