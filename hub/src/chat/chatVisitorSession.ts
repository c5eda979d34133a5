import crypto from 'node:crypto';
import { chatCloseCodes } from '../../../shared/hub/chatApi';
import type { BrokerCore } from './chatBrokerCore';
import { MAX_HELD_MESSAGES } from './chatBrokerCore';
import { acknowledge, counsellorView, heldByClientId, newConversation, type Conversation, type VisitorLink } from './chatConversation';
import { cleanChatText } from './chatText';

/** What the visitor's socket may do once its conversation is open. A replaced socket changes nothing. */
export interface VisitorSession {
  readonly conversationId: string;
  message(clientId: string, text: string): void;
  typing(typing: boolean): void;
  ack(seq: number): void;
  leave(): void;
  /** The socket closed: the visitor may come back with the token within the grace. */
  detached(): void;
}

/** A new conversation at the back of the queue, or null (refused: the link was told why and closed). */
export function openConversation(core: BrokerCore, sourceHash: string, link: VisitorLink): VisitorSession | null {
  const nowMs = core.nowMs();
  const { limits } = core.deps;
  if (core.closed) return core.refuse(link, 'unavailable', chatCloseCodes.limited);
  if (limits.isBlocked(sourceHash, nowMs)) return core.refuse(link, 'blocked', chatCloseCodes.finished);
  if (!limits.mayOpenConversation(sourceHash)) return core.refuse(link, 'too-many-conversations', chatCloseCodes.limited);
  const conversation = newConversation(crypto.randomUUID(), crypto.randomBytes(32).toString('base64url'), sourceHash, nowMs);
  core.conversations.set(conversation.id, conversation);
  core.byToken.set(conversation.token, conversation);
  limits.conversationOpened(sourceHash);
  conversation.queuedAtPosition = core.queue.pushBack(conversation.id);
  conversation.visitor = link;
  link.send({ type: 'welcome', token: conversation.token, state: 'queued', maxMessageChars: core.policy().maxMessageChars });
  core.settle();
  return visitorSession(core, conversation, link);
}

/** The visitor is back with their token (a newer socket replaces an older one), or null (refused). */
export function resumeConversation(core: BrokerCore, token: string, link: VisitorLink): VisitorSession | null {
  if (core.blockedTokens.has(token)) return core.refuse(link, 'blocked', chatCloseCodes.finished);
  const conversation = core.byToken.get(token);
  if (!conversation || core.closed) return core.refuse(link, 'unknown-conversation', chatCloseCodes.finished);
  const previous = conversation.visitor;
  conversation.visitor = link;
  if (previous && previous !== link) previous.close(chatCloseCodes.replaced, 'replaced');
  const wasAway = conversation.awayUntilMs !== null;
  conversation.awayUntilMs = null;
  conversation.lastQueueEvent = null;
  const state = conversation.phase === 'held' ? 'active' : 'queued';
  link.send({ type: 'welcome', token, state, maxMessageChars: core.policy().maxMessageChars });
  // What the visitor has not acknowledged, their own messages with the id they gave them.
  for (const held of conversation.held) {
    if (held.pending.has('visitor')) link.send({ type: 'message', message: held.message, clientId: held.message.from === 'visitor' ? held.clientId : null });
  }
  if (wasAway && conversation.phase === 'held') {
    core.notice(conversation, 'visitor-back', ['counsellor']);
    core.holderOf(conversation)?.link?.send({ type: 'conversation', conversation: counsellorView(conversation, 'active') });
  }
  core.sealIfEscalated(conversation);
  core.settle();
  return visitorSession(core, conversation, link);
}

/** The visitor left, or did not come back within the grace: the conversation is over. */
export function visitorGone(core: BrokerCore, conversation: Conversation, by: 'visitor' | 'hub'): void {
  const holder = core.holderOf(conversation);
  if (holder) {
    core.notice(conversation, 'visitor-left', ['counsellor']);
    holder.holding.delete(conversation.id);
    holder.link?.send({ type: 'conversation', conversation: counsellorView(conversation, 'ended') });
  }
  if (conversation.offer) core.dropOffer(conversation.offer, 'visitor-left', false);
  core.forget(conversation, by);
  core.settle();
}

function visitorSession(core: BrokerCore, conversation: Conversation, link: VisitorLink): VisitorSession {
  const current = (): boolean => !core.closed && conversation.visitor === link && core.conversations.get(conversation.id) === conversation;
  return {
    conversationId: conversation.id,
    message: (clientId, text) => {
      if (current()) visitorMessage(core, conversation, link, clientId, text);
    },
    typing: (typing) => {
      if (current()) core.holderOf(conversation)?.link?.send({ type: 'typing', conversationId: conversation.id, typing });
    },
    ack: (seq) => {
      if (current()) acknowledge(conversation, 'visitor', seq);
    },
    leave: () => {
      if (current()) visitorGone(core, conversation, 'visitor');
    },
    detached: () => {
      if (!current()) return;
      conversation.visitor = null;
      conversation.awayUntilMs = core.nowMs() + core.policy().reconnectGraceSeconds * 1000;
      conversation.lastQueueEvent = null;
      if (conversation.phase === 'held') core.holderOf(conversation)?.link?.send({ type: 'conversation', conversation: counsellorView(conversation, 'visitor-away') });
    },
  };
}

function visitorMessage(core: BrokerCore, conversation: Conversation, link: VisitorLink, clientId: string, text: string): void {
  // A resend of a message the hub still holds: the same echo again, not a second message.
  const again = heldByClientId(conversation, 'visitor', clientId);
  if (again) return link.send({ type: 'message', message: again.message, clientId });
  const nowMs = core.nowMs();
  conversation.visitorSends = conversation.visitorSends.filter((at) => at > nowMs - 60_000);
  if (conversation.visitorSends.length >= core.policy().messagesPerMinute || conversation.held.length >= MAX_HELD_MESSAGES) {
    return link.send({ type: 'error', code: 'rate-limited', clientId });
  }
  const cleaned = cleanChatText(text, core.policy().maxMessageChars);
  if (!cleaned.ok) return link.send({ type: 'error', code: cleaned.code, clientId });
  conversation.visitorSends.push(nowMs);
  const held = core.append(conversation, 'visitor', cleaned.text, null, ['visitor', 'counsellor'], clientId);
  link.send({ type: 'message', message: held.message, clientId });
  core.holderOf(conversation)?.link?.send({ type: 'message', conversationId: conversation.id, message: held.message, clientId: null });
}
