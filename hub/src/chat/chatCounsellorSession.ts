import { chatCloseCodes, type ChatErrorCode, type HandoverMessage } from '../../../shared/hub/chatApi';
import { MAX_HELD_MESSAGES, type BrokerCore } from './chatBrokerCore';
import { acknowledge, counsellorView, handOver, heldByClientId, liveState, type Conversation, type CounsellorLink } from './chatConversation';
import { checkedHandover, keepHandover } from './chatHandover';
import { load, type CounsellorEntry } from './chatOffers';
import { cleanChatText } from './chatText';

/** What the counsellor's socket may do; after a newer socket replaced it, nothing. */
export interface CounsellorSession {
  accepting(accepting: boolean): void;
  accept(offerId: string): void;
  decline(offerId: string): void;
  message(conversationId: string, clientId: string, text: string): void;
  typing(conversationId: string, typing: boolean): void;
  ack(conversationId: string, seq: number): void;
  end(conversationId: string): void;
  /** `handover`: the earlier conversation as the workstation holds it (checked again here). */
  transfer(conversationId: string, toUserId: string | null, handover?: readonly HandoverMessage[]): void;
  escalate(conversationId: string): void;
  block(conversationId: string): void;
  /** The socket closed: the counsellor's conversations wait the grace, then go back to the queue. */
  detached(): void;
}

export interface CounsellorIdentity {
  userId: string;
  loginId: string;
  displayName: string;
}

/**
 * A counsellor's socket (their shift login checked by the socket). A newer socket replaces an
 * older one; one of a newer shift login first sends the older login's conversations back to the
 * queue. Welcomed with what they hold (after a reconnect within the grace).
 */
export function connectCounsellor(core: BrokerCore, identity: CounsellorIdentity, link: CounsellorLink): CounsellorSession {
  const stale = core.counsellors.get(identity.userId);
  if (stale && stale.loginId !== identity.loginId) shiftEnded(core, stale.userId, stale.loginId);
  let entry = core.counsellors.get(identity.userId);
  if (entry) {
    const previous = entry.link;
    for (const offer of [...entry.offers.values()]) core.dropOffer(offer, null, false);
    entry.link = link;
    entry.graceUntilMs = null;
    entry.accepting = false;
    entry.displayName = identity.displayName;
    if (previous && previous !== link) previous.close(chatCloseCodes.replaced, 'replaced');
  } else {
    entry = { ...identity, link, graceUntilMs: null, accepting: false, holding: new Set(), offers: new Map(), lastOfferMs: 0 };
    core.counsellors.set(identity.userId, entry);
  }
  const conversations = [...entry.holding].flatMap((id) => {
    const conversation = core.conversations.get(id);
    return conversation ? [counsellorView(conversation, liveState(conversation))] : [];
  });
  link.send({ type: 'welcome', maxParallelChats: core.policy().maxParallelChats, maxMessageChars: core.policy().maxMessageChars, conversations });
  core.settle();
  return counsellorSession(core, entry, link);
}

/** The shift login ended: its socket closes with `shiftEnded`, its conversations go back to the queue now. */
export function shiftEnded(core: BrokerCore, userId: string, loginId: string): void {
  const entry = core.counsellors.get(userId);
  if (!entry || entry.loginId !== loginId) return;
  core.counsellors.delete(userId);
  core.releaseAll(entry);
  entry.link?.close(chatCloseCodes.shiftEnded, 'shift login ended');
  entry.link = null;
  core.settle();
}

function counsellorSession(core: BrokerCore, entry: CounsellorEntry, link: CounsellorLink): CounsellorSession {
  const current = (): boolean => !core.closed && entry.link === link && core.counsellors.get(entry.userId) === entry;
  /** Acts on a conversation this counsellor holds, or tells them why not. */
  const held = (conversationId: string, clientId: string | null, act: (conversation: Conversation) => void): void => {
    if (!current()) return;
    const conversation = core.conversations.get(conversationId);
    if (!conversation) return link.send({ type: 'error', code: 'unknown-conversation', conversationId, clientId });
    if (conversation.holder !== entry.userId) return link.send({ type: 'error', code: 'not-yours', conversationId, clientId });
    act(conversation);
  };
  // Acks and typing for a conversation that is gone are late, not wrong: ignored.
  const quiet = (conversationId: string, act: (conversation: Conversation) => void): void => {
    const conversation = core.conversations.get(conversationId);
    if (current() && conversation?.holder === entry.userId) act(conversation);
  };
  return {
    accepting: (accepting) => {
      if (!current()) return;
      entry.accepting = accepting;
      core.settle();
    },
    accept: (offerId) => {
      if (current()) accept(core, entry, link, offerId);
    },
    decline: (offerId) => {
      const offer = entry.offers.get(offerId);
      if (!current() || !offer) return;
      core.dropOffer(offer, 'declined', true);
      core.settle();
    },
    message: (conversationId, clientId, text) => held(conversationId, clientId, (conversation) => counsellorMessage(core, conversation, link, clientId, text)),
    typing: (conversationId, typing) => quiet(conversationId, (conversation) => conversation.visitor?.send({ type: 'typing', typing })),
    ack: (conversationId, seq) => quiet(conversationId, (conversation) => acknowledge(conversation, 'counsellor', seq)),
    end: (conversationId) =>
      held(conversationId, null, (conversation) => {
        link.send({ type: 'conversation', conversation: counsellorView(conversation, 'ended') });
        core.forget(conversation, 'counsellor');
        core.settle();
      }),
    transfer: (conversationId, toUserId, handover = []) =>
      held(conversationId, null, (conversation) => transfer(core, entry, link, conversation, toUserId, handover)),
    escalate: (conversationId) =>
      held(conversationId, null, (conversation) => {
        conversation.escalated = true;
        const { raised } = core.alerts.raise(conversation.id, entry.userId, entry.displayName, core.deps.now());
        link.send({ type: 'conversation', conversation: counsellorView(conversation, liveState(conversation)) });
        core.sealIfEscalated(conversation);
        if (raised) core.boardChanged(true);
      }),
    block: (conversationId) =>
      held(conversationId, null, (conversation) => {
        // The token for good; the source (a keyed hash) for a while, as it may be a shared address.
        core.blockedTokens.add(conversation.token);
        core.deps.limits.block(conversation.sourceHash, core.nowMs() + core.policy().blockMinutes * 60_000);
        link.send({ type: 'released', conversationId: conversation.id, reason: 'ended' });
        core.forget(conversation, 'hub');
        core.settle();
      }),
    detached: () => {
      if (!current()) return;
      entry.link = null;
      entry.accepting = false;
      for (const offer of [...entry.offers.values()]) core.dropOffer(offer, null, false);
      if (entry.holding.size === 0) core.counsellors.delete(entry.userId);
      else entry.graceUntilMs = core.nowMs() + core.policy().reconnectGraceSeconds * 1000;
      core.settle();
    },
  };
}

function accept(core: BrokerCore, entry: CounsellorEntry, link: CounsellorLink, offerId: string): void {
  const offer = entry.offers.get(offerId);
  const conversation = offer ? core.conversations.get(offer.conversationId) : undefined;
  if (!offer || !conversation || conversation.offer !== offer) {
    return link.send({ type: 'error', code: 'unknown-conversation', conversationId: offer?.conversationId ?? null, clientId: null });
  }
  core.dropOffer(offer, null, false);
  const nowMs = core.nowMs();
  core.queue.remove(conversation.id);
  core.waits.record(nowMs - conversation.queuedAtMs, conversation.queuedAtPosition, nowMs);
  conversation.phase = 'held';
  conversation.holder = entry.userId;
  conversation.startedAtMs ??= nowMs;
  conversation.passed.clear();
  entry.holding.add(conversation.id);
  handOver(conversation);
  const joined = core.append(conversation, 'system', '', 'counsellor-joined', ['visitor', 'counsellor'], null);
  link.send({ type: 'conversation', conversation: counsellorView(conversation, liveState(conversation)) });
  conversation.visitor?.send({ type: 'message', message: joined.message, clientId: null });
  core.settle();
}

function counsellorMessage(core: BrokerCore, conversation: Conversation, link: CounsellorLink, clientId: string, text: string): void {
  const conversationId = conversation.id;
  const again = heldByClientId(conversation, 'counsellor', clientId);
  if (again) return link.send({ type: 'message', conversationId, message: again.message, clientId });
  if (conversation.held.length >= MAX_HELD_MESSAGES) return link.send({ type: 'error', code: 'rate-limited', conversationId, clientId });
  const cleaned = cleanChatText(text, core.policy().maxMessageChars);
  if (!cleaned.ok) return link.send({ type: 'error', code: cleaned.code, conversationId, clientId });
  const held = core.append(conversation, 'counsellor', cleaned.text, null, ['visitor', 'counsellor'], clientId);
  link.send({ type: 'message', conversationId, message: held.message, clientId });
  conversation.visitor?.send({ type: 'message', message: held.message, clientId: null });
}

/**
 * To a colleague who takes offers and has room (an offer with `transfer: true`), or back to the
 * queue's front, with the earlier conversation the workstation hands over for whoever accepts it
 * next. A bad handover refuses the transfer: the conversation stays here.
 */
function transfer(core: BrokerCore, entry: CounsellorEntry, link: CounsellorLink, conversation: Conversation, toUserId: string | null, handover: readonly HandoverMessage[]): void {
  const earlier = checkedHandover(conversation, handover);
  if (!earlier) return link.send({ type: 'error', code: 'invalid-message', conversationId: conversation.id, clientId: null });
  if (toUserId === null) {
    keepHandover(conversation, earlier);
    core.requeue(conversation, 'requeued');
    return core.settle();
  }
  const target = core.counsellors.get(toUserId);
  let refusal: ChatErrorCode | null = null;
  if (!target || toUserId === entry.userId || !target.link || !target.accepting) refusal = 'unavailable';
  else if (load(target) >= core.policy().maxParallelChats) refusal = 'no-capacity';
  if (refusal || !target) return link.send({ type: 'error', code: refusal ?? 'unavailable', conversationId: conversation.id, clientId: null });
  keepHandover(conversation, earlier);
  // If the colleague declines or lets it lapse, it is first in the queue for anyone else.
  core.requeue(conversation, 'transferred');
  core.makeOffer(conversation, target);
  core.settle();
}
