import crypto from 'node:crypto';
import { chatCloseCodes, type ChatErrorCode, type ChatMessage, type ChatQueueFigures, type SystemNotice } from '../../../shared/hub/chatApi';
import type { ChatPolicy } from '../policy/hubPolicy';
import { ChatAlerts } from './chatAlerts';
import { appendMessage, type Conversation, type HeldMessage, type Offer, type Party, type VisitorLink } from './chatConversation';
import { canTakeOffer, chooseCounsellor, type CounsellorEntry } from './chatOffers';
import { ChatQueue, WaitEstimator } from './chatQueue';
import type { SourceLimits } from './sourceLimits';

/** A conversation holds at most this many unacknowledged messages; beyond, a sender is told to slow down. */
export const MAX_HELD_MESSAGES = 500;

export interface ChatBrokerDeps {
  now: () => Date;
  policy: () => ChatPolicy;
  limits: SourceLimits;
  /** Keeps a message in the encrypted transcript; null when the policy keeps none. */
  keepTranscript: ((conversationId: string, message: ChatMessage) => void) | null;
  /** Background work (sealing), so the hub waits for it on close. */
  track: (work: Promise<unknown>) => void;
  /** Background work failed: fixed words for the log, never content. */
  failed: (what: string, error: unknown) => void;
}

/**
 * The broker's state and the moves every part of it makes: offering, requeueing, forgetting,
 * and telling the waiting visitors and the board after a change. The visitor side
 * (chatVisitorSession.ts) and the counsellor side (chatCounsellorSession.ts) act through it.
 */
export class BrokerCore {
  readonly conversations = new Map<string, Conversation>();
  readonly byToken = new Map<string, Conversation>();
  readonly blockedTokens = new Set<string>();
  readonly counsellors = new Map<string, CounsellorEntry>();
  readonly offers = new Map<string, Offer>();
  readonly queue = new ChatQueue();
  readonly waits = new WaitEstimator();
  readonly alerts = new ChatAlerts();
  readonly boardListeners = new Set<() => void>();
  closed = false;
  private lastBoardKey = '';

  constructor(readonly deps: ChatBrokerDeps) {}

  nowMs(): number {
    return this.deps.now().getTime();
  }

  policy(): ChatPolicy {
    return this.deps.policy();
  }

  refuse(link: VisitorLink, code: ChatErrorCode, closeCode: number): null {
    link.send({ type: 'error', code, clientId: null });
    link.close(closeCode, code);
    return null;
  }

  holderOf(conversation: Conversation): CounsellorEntry | null {
    return conversation.holder === null ? null : (this.counsellors.get(conversation.holder) ?? null);
  }

  append(conversation: Conversation, from: ChatMessage['from'], text: string, notice: SystemNotice | null, to: Party[], clientId: string | null): HeldMessage {
    const held = appendMessage(conversation, from, { text, notice }, to, clientId, this.deps.now());
    this.deps.keepTranscript?.(conversation.id, held.message);
    return held;
  }

  /** A system notice, sent at once to those of `to` who are connected. */
  notice(conversation: Conversation, notice: SystemNotice, to: Party[]): void {
    const { message } = this.append(conversation, 'system', '', notice, to, null);
    if (to.includes('visitor')) conversation.visitor?.send({ type: 'message', message, clientId: null });
    if (to.includes('counsellor')) this.holderOf(conversation)?.link?.send({ type: 'message', conversationId: conversation.id, message, clientId: null });
  }

  /** The conversation leaves its counsellor for the front of the queue; they are told it was `reason`. */
  requeue(conversation: Conversation, reason: 'requeued' | 'transferred'): void {
    const holder = this.holderOf(conversation);
    if (holder) {
      holder.holding.delete(conversation.id);
      holder.link?.send({ type: 'released', conversationId: conversation.id, reason });
      conversation.passed.add(holder.userId);
    }
    conversation.phase = 'waiting';
    conversation.holder = null;
    conversation.handedOver = true;
    conversation.queuedAtMs = this.nowMs();
    conversation.queuedAtPosition = 1;
    this.queue.pushFront(conversation.id);
    this.notice(conversation, reason, ['visitor']);
  }

  /** Everything of a counsellor who is gone goes back to the queue, the longest-held first in line. */
  releaseAll(entry: CounsellorEntry): void {
    for (const offer of [...entry.offers.values()]) this.dropOffer(offer, null, false);
    const held = [...entry.holding].flatMap((id) => this.conversations.get(id) ?? []);
    held.sort((a, b) => (b.startedAtMs ?? 0) - (a.startedAtMs ?? 0));
    for (const conversation of held) this.requeue(conversation, 'requeued');
  }

  makeOffer(conversation: Conversation, entry: CounsellorEntry): void {
    const nowMs = this.nowMs();
    const offer: Offer = {
      offerId: crypto.randomUUID(),
      conversationId: conversation.id,
      userId: entry.userId,
      expiresAtMs: nowMs + this.policy().offerSeconds * 1000,
      transfer: conversation.handedOver,
    };
    conversation.offer = offer;
    entry.offers.set(offer.offerId, offer);
    entry.lastOfferMs = nowMs;
    this.offers.set(offer.offerId, offer);
    entry.link?.send({
      type: 'offer',
      offer: {
        offerId: offer.offerId,
        conversationId: conversation.id,
        expiresAt: new Date(offer.expiresAtMs).toISOString(),
        waitedSeconds: Math.max(0, Math.floor((nowMs - conversation.queuedAtMs) / 1000)),
        transfer: offer.transfer,
      },
    });
  }

  /** The offer is off; `reason` null: the counsellor is not told (their socket is gone or replaced). */
  dropOffer(offer: Offer, reason: 'expired' | 'declined' | 'visitor-left' | null, passed: boolean): void {
    this.offers.delete(offer.offerId);
    const entry = this.counsellors.get(offer.userId);
    entry?.offers.delete(offer.offerId);
    const conversation = this.conversations.get(offer.conversationId);
    if (conversation?.offer === offer) {
      conversation.offer = null;
      if (passed) conversation.passed.add(offer.userId);
    }
    if (reason) entry?.link?.send({ type: 'offer-withdrawn', offerId: offer.offerId, reason });
  }

  /** The conversation is over: the visitor is told and closed, and every trace of it goes. */
  forget(conversation: Conversation, by: 'counsellor' | 'visitor' | 'hub'): void {
    if (conversation.offer) this.dropOffer(conversation.offer, 'visitor-left', false);
    this.holderOf(conversation)?.holding.delete(conversation.id);
    const visitor = conversation.visitor;
    conversation.visitor = null;
    visitor?.send({ type: 'ended', by });
    visitor?.close(chatCloseCodes.finished, 'ended');
    this.queue.remove(conversation.id);
    this.conversations.delete(conversation.id);
    this.byToken.delete(conversation.token);
    this.deps.limits.conversationClosed(conversation.sourceHash);
    conversation.held = [];
    conversation.holder = null;
  }

  /** Once per escalated conversation, while the visitor's socket (which alone knows the address) is there. */
  sealIfEscalated(conversation: Conversation): void {
    const seal = conversation.visitor?.seal;
    if (!conversation.escalated || conversation.sealing || !seal) return;
    conversation.sealing = true;
    this.deps.track(
      seal(conversation.id, this.deps.now()).then(
        () => {
          if (this.alerts.markSealed(conversation.id)) this.boardChanged(true);
        },
        (error: unknown) => {
          conversation.sealing = false;
          this.deps.failed('escrow seal failed', error);
        },
      ),
    );
  }

  /** After a change: offers to whoever can take them, queue places to the waiting, the board if it moved. */
  settle(): void {
    this.dispatch();
    this.publishQueue();
    this.boardChanged(false);
  }

  figures(): ChatQueueFigures {
    const nowMs = this.nowMs();
    let longest: number | null = null;
    for (const id of this.queue.order()) {
      const conversation = this.conversations.get(id);
      if (conversation) longest = Math.max(longest ?? 0, Math.floor((nowMs - conversation.queuedAtMs) / 1000));
    }
    let active = 0;
    for (const entry of this.counsellors.values()) active += entry.holding.size;
    return { waiting: this.queue.length, longestWaitSeconds: longest, active };
  }

  /** Tells the board's listeners; without `force` only when a count changed (the waits move every second by themselves). */
  boardChanged(force: boolean): void {
    const figures = this.figures();
    const key = `${figures.waiting}/${figures.active}/${this.alerts.list().length}`;
    if (!force && key === this.lastBoardKey) return;
    this.lastBoardKey = key;
    for (const listener of this.boardListeners) listener();
  }

  /** FIFO: each waiting conversation in turn goes to someone who has not passed it on, else to anyone free. */
  private dispatch(): void {
    const max = this.policy().maxParallelChats;
    for (;;) {
      const free = [...this.counsellors.values()].filter((entry) => canTakeOffer(entry, max));
      if (free.length === 0) return;
      const next = this.nextAssignment(free, max, true) ?? this.nextAssignment(free, max, false);
      if (!next) return;
      this.makeOffer(next.conversation, next.entry);
    }
  }

  private nextAssignment(free: CounsellorEntry[], max: number, fresh: boolean): { conversation: Conversation; entry: CounsellorEntry } | null {
    for (const id of this.queue.order()) {
      const conversation = this.conversations.get(id);
      // A visitor whose socket dropped keeps their place but is offered once back.
      if (!conversation || conversation.offer || conversation.awayUntilMs !== null) continue;
      const entry = chooseCounsellor(conversation, free, max, fresh);
      if (entry) return { conversation, entry };
    }
    return null;
  }

  private publishQueue(): void {
    const nowMs = this.nowMs();
    this.queue.order().forEach((id, index) => {
      const conversation = this.conversations.get(id);
      if (!conversation?.visitor) return;
      const position = index + 1;
      const estimatedWaitSeconds = this.waits.estimate(position, nowMs);
      const key = `${position}/${estimatedWaitSeconds}`;
      if (key === conversation.lastQueueEvent) return;
      conversation.lastQueueEvent = key;
      conversation.visitor.send({ type: 'queue', position, estimatedWaitSeconds });
    });
  }
}
