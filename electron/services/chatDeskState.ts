import type { ChatDesk, DeskConversation, DeskMessage } from '../../shared/contract/schemas';
import type { ChatMessage, ChatOffer, CounsellorConversation, CounsellorEvent } from '../../shared/hub/chatApi';

/**
 * The most messages one conversation keeps on the desk; older ones drop off the top. The whole
 * desk travels to the renderer on every change, so it must stay small whatever a visitor sends
 * (the broker's rate limit allows a long chat well within this).
 */
export const DESK_MESSAGES_MAX = 1000;

/** What the link must send because of an event: acknowledgements, and own messages to send again. */
export interface DeskEffects {
  acks: { conversationId: string; seq: number }[];
  resend: { conversationId: string; clientId: string; text: string }[];
}

/** How much chat work is in hand: conversations going on, and ended ones whose wrap-up is not dismissed. */
export interface ChatWork {
  live: number;
  wrappingUp: number;
}

type Conversation = DeskConversation;

/**
 * The counsellor's chat desk as data: offers, conversations and their messages, folded from the
 * broker's events. No timers, no sockets, no clock of its own (`now` is passed in), so every rule
 * is a plain function of the events: ChatService drives it and owns the link.
 *
 * Messages are kept in the hub's order (by seq); the counsellor's own stay pending, after the
 * accepted ones, until the hub echoes their clientId.
 */
export class ChatDeskState {
  private readonly offers = new Map<string, ChatOffer>();
  private readonly conversations = new Map<string, Conversation>();
  private maxParallelChats = 0;
  private maxMessageChars = 0;
  lastError: string | null = null;

  conversation(conversationId: string): Readonly<Conversation> | undefined {
    return this.conversations.get(conversationId);
  }

  offer(offerId: string): ChatOffer | undefined {
    return this.offers.get(offerId);
  }

  messageLimit(): number {
    return this.maxMessageChars;
  }

  work(): ChatWork {
    let live = 0;
    let wrappingUp = 0;
    for (const conversation of this.conversations.values()) {
      if (conversation.state === 'ended') wrappingUp++;
      else live++;
    }
    return { live, wrappingUp };
  }

  /** Folds one of the hub's events into the desk. */
  apply(event: CounsellorEvent, now: Date): DeskEffects {
    const effects: DeskEffects = { acks: [], resend: [] };
    switch (event.type) {
      case 'welcome': {
        this.maxParallelChats = event.maxParallelChats;
        this.maxMessageChars = event.maxMessageChars;
        // Offers belonged to the previous socket; the broker offers again to this one.
        this.offers.clear();
        const held = new Set(event.conversations.map((conversation) => conversation.conversationId));
        // A live conversation the hub no longer gives this counsellor went back to the queue
        // while the link was down. An ended one stays until its wrap-up is dismissed.
        for (const [id, conversation] of this.conversations) if (conversation.state !== 'ended' && !held.has(id)) this.conversations.delete(id);
        for (const update of event.conversations) {
          const conversation = this.merge(update, now);
          // Acknowledged again even if seen before: an ack sent as the link dropped may be lost.
          const last = lastSeq(conversation);
          if (last > 0) effects.acks.push({ conversationId: conversation.conversationId, seq: last });
          if (conversation.state === 'ended') continue;
          for (const message of conversation.messages) {
            if (message.pending && message.clientId) effects.resend.push({ conversationId: conversation.conversationId, clientId: message.clientId, text: message.text });
          }
        }
        return effects;
      }
      case 'offer':
        this.offers.set(event.offer.offerId, event.offer);
        return effects;
      case 'offer-withdrawn':
        this.offers.delete(event.offerId);
        return effects;
      case 'conversation': {
        const before = lastSeq(this.conversations.get(event.conversation.conversationId));
        const conversation = this.merge(event.conversation, now);
        const last = lastSeq(conversation);
        if (last > before) effects.acks.push({ conversationId: conversation.conversationId, seq: last });
        return effects;
      }
      case 'message': {
        const conversation = this.conversations.get(event.conversationId);
        if (!conversation) return effects;
        insertAccepted(conversation, event.message, event.clientId);
        if (event.message.from === 'visitor') conversation.visitorTyping = false;
        effects.acks.push({ conversationId: event.conversationId, seq: event.message.seq });
        return effects;
      }
      case 'typing': {
        const conversation = this.conversations.get(event.conversationId);
        if (conversation) conversation.visitorTyping = event.typing && conversation.state === 'active';
        return effects;
      }
      case 'released': {
        const conversation = this.conversations.get(event.conversationId);
        if (!conversation) return effects;
        // Moved to a colleague or the queue: no longer this counsellor's. Ended here (a block):
        // it stays, over, for the counsellor's wrap-up like any other ended conversation.
        if (event.reason !== 'ended') this.conversations.delete(event.conversationId);
        else this.endHere(conversation, now);
        return effects;
      }
      case 'error':
        this.lastError = event.code;
        if (event.clientId !== null) this.removePending(event.clientId);
        return effects;
    }
  }

  /** The counsellor's own message, shown at once and pending until the hub echoes `clientId`. */
  addPending(conversationId: string, clientId: string, text: string, now: Date): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    conversation.messages.push({ seq: null, from: 'counsellor', text, notice: null, sentAt: now.toISOString(), clientId, pending: true });
  }

  /** Whether a message with this clientId is on the desk (pending or accepted): a resent request. */
  hasMessage(conversationId: string, clientId: string): boolean {
    return this.conversations.get(conversationId)?.messages.some((message) => message.clientId === clientId) ?? false;
  }

  /** The counsellor has seen the conversation up to `seq` (never past its last message). */
  markRead(conversationId: string, seq: number): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    conversation.readSeq = Math.max(conversation.readSeq, Math.min(seq, lastSeq(conversation)));
  }

  clearTyping(conversationId: string): void {
    const conversation = this.conversations.get(conversationId);
    if (conversation) conversation.visitorTyping = false;
  }

  /** The wrap-up is done: the ended conversation leaves the desk, its messages with it. */
  dismiss(conversationId: string): void {
    this.conversations.delete(conversationId);
  }

  /** The socket is gone: its offers cannot be accepted, and nobody's typing is known. */
  linkLost(): void {
    this.offers.clear();
    for (const conversation of this.conversations.values()) conversation.visitorTyping = false;
  }

  /** The shift is over: nothing of it survives (I6). */
  clear(): void {
    this.offers.clear();
    this.conversations.clear();
    this.maxParallelChats = 0;
    this.maxMessageChars = 0;
    this.lastError = null;
  }

  /** A copy for the renderer: nothing it holds can change the desk. */
  snapshot(link: ChatDesk['link'], accepting: boolean): ChatDesk {
    return {
      link,
      accepting,
      maxParallelChats: this.maxParallelChats,
      maxMessageChars: this.maxMessageChars,
      offers: [...this.offers.values()].map((offer) => ({ ...offer })),
      conversations: [...this.conversations.values()].map((conversation) => ({
        ...conversation,
        messages: conversation.messages.map((message) => ({ ...message })),
      })),
      lastError: this.lastError,
    };
  }

  private merge(update: CounsellorConversation, now: Date): Conversation {
    let conversation = this.conversations.get(update.conversationId);
    if (!conversation) {
      conversation = {
        conversationId: update.conversationId,
        state: update.state,
        startedAt: update.startedAt,
        endedAt: null,
        escalated: update.escalated,
        visitorTyping: false,
        readSeq: 0,
        messages: [],
      };
      this.conversations.set(update.conversationId, conversation);
    }
    if (update.state === 'ended') this.endHere(conversation, now);
    else conversation.state = update.state;
    conversation.escalated = update.escalated;
    if (update.state !== 'active') conversation.visitorTyping = false;
    for (const message of update.messages) insertAccepted(conversation, message, null);
    for (const [offerId, offer] of this.offers) if (offer.conversationId === update.conversationId) this.offers.delete(offerId);
    return conversation;
  }

  private endHere(conversation: Conversation, now: Date): void {
    if (conversation.state !== 'ended') conversation.endedAt = now.toISOString();
    conversation.state = 'ended';
    conversation.visitorTyping = false;
    // What was never accepted will not be now.
    conversation.messages = conversation.messages.filter((message) => !message.pending);
  }

  private removePending(clientId: string): void {
    for (const conversation of this.conversations.values()) {
      conversation.messages = conversation.messages.filter((message) => !(message.pending && message.clientId === clientId));
    }
  }
}

/** The highest seq the desk holds for a conversation (0: none). */
function lastSeq(conversation: Conversation | undefined): number {
  let last = 0;
  for (const message of conversation?.messages ?? []) if (message.seq !== null && message.seq > last) last = message.seq;
  return last;
}

/**
 * Puts an accepted message in seq order, before the pending ones. An echo of the counsellor's
 * own message replaces the pending one; a seq already held is not added twice (a reconnect's
 * welcome repeats unacknowledged messages).
 */
function insertAccepted(conversation: Conversation, message: ChatMessage, clientId: string | null): void {
  const { messages } = conversation;
  if (clientId !== null) {
    const pending = messages.findIndex((held) => held.pending && held.clientId === clientId);
    if (pending >= 0) messages.splice(pending, 1);
  }
  const held = messages.find((existing) => existing.seq === message.seq);
  if (held) {
    if (clientId !== null) held.clientId = clientId;
    return;
  }
  const entry: DeskMessage = { ...message, clientId, pending: false };
  let at = messages.length;
  while (at > 0) {
    const before = messages[at - 1];
    if (before && !before.pending && before.seq !== null && before.seq < message.seq) break;
    at--;
  }
  messages.splice(at, 0, entry);
  if (messages.length > DESK_MESSAGES_MAX) messages.splice(0, messages.length - DESK_MESSAGES_MAX);
}
