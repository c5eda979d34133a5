import type { BoardAlert, ChatQueueFigures } from '../../../shared/hub/chatApi';
import { BrokerCore, type ChatBrokerDeps } from './chatBrokerCore';
import type { CounsellorLink, VisitorLink } from './chatConversation';
import { connectCounsellor, shiftEnded, type CounsellorIdentity, type CounsellorSession } from './chatCounsellorSession';
import { canTakeOffer, load } from './chatOffers';
import { openConversation, resumeConversation, visitorGone, type VisitorSession } from './chatVisitorSession';

export { MAX_HELD_MESSAGES, type ChatBrokerDeps } from './chatBrokerCore';
export type { CounsellorLink, VisitorLink } from './chatConversation';
export type { CounsellorIdentity, CounsellorSession } from './chatCounsellorSession';
export type { VisitorSession } from './chatVisitorSession';

// One collator: `localeCompare(…, 'da')` builds one per comparison.
const danish = new Intl.Collator('da');

/**
 * The chat broker: conversations, the queue, offers and undelivered messages, in this process's
 * memory only (DESIGN.md §2). A state machine driven by the two sockets and by `tick()` (offers
 * lapsing, grace periods ending) on the clock it is given, so a test drives it in milliseconds.
 * It sends every event itself, through the links the sockets hand it; a socket gets a session
 * back and acts through that, so a replaced socket can no longer change anything.
 */
export class ChatBroker {
  private readonly core: BrokerCore;

  constructor(deps: ChatBrokerDeps) {
    this.core = new BrokerCore(deps);
  }

  /** `hello` without a token: a new conversation at the back of the queue (opening hours are the socket's business). Null: refused, the link told and closed. */
  openConversation(sourceHash: string, link: VisitorLink): VisitorSession | null {
    return openConversation(this.core, sourceHash, link);
  }

  /** `hello` with a token: the visitor is back; a newer socket replaces an older one. Null: refused, the link told and closed. */
  resumeConversation(token: string, link: VisitorLink): VisitorSession | null {
    return resumeConversation(this.core, token, link);
  }

  /** A counsellor's socket on a live shift login (checked by the socket), welcomed with the conversations they hold. */
  counsellorConnected(identity: CounsellorIdentity, link: CounsellorLink): CounsellorSession {
    return connectCounsellor(this.core, identity, link);
  }

  /** The shift login ended (logout of any kind): the socket closes with `shiftEnded`, its conversations go to the queue's front now. */
  shiftEnded(userId: string, loginId: string): void {
    shiftEnded(this.core, userId, loginId);
  }

  /** Colleagues of `userId` on a live socket who take offers and have room, by name. */
  transferTargets(userId: string): { userId: string; displayName: string; freeChats: number }[] {
    const max = this.core.policy().maxParallelChats;
    return [...this.core.counsellors.values()]
      .filter((entry) => entry.userId !== userId && canTakeOffer(entry, max))
      .map((entry) => ({ userId: entry.userId, displayName: entry.displayName, freeChats: max - load(entry) }))
      .sort((a, b) => danish.compare(a.displayName, b.displayName) || a.userId.localeCompare(b.userId));
  }

  /** Offers lapse, grace periods end, limits expire. Called by a timer every few hundred ms (or a test). */
  tick(): void {
    const core = this.core;
    if (core.closed) return;
    const nowMs = core.nowMs();
    for (const offer of [...core.offers.values()]) if (offer.expiresAtMs <= nowMs) core.dropOffer(offer, 'expired', true);
    for (const conversation of [...core.conversations.values()]) {
      if (conversation.awayUntilMs !== null && conversation.awayUntilMs <= nowMs) visitorGone(core, conversation, 'hub');
    }
    for (const entry of [...core.counsellors.values()]) {
      if (entry.graceUntilMs === null || entry.graceUntilMs > nowMs) continue;
      core.counsellors.delete(entry.userId);
      core.releaseAll(entry);
    }
    core.deps.limits.sweep(nowMs);
    core.settle();
  }

  /** The hub is closing: nothing changes any more (the sockets close with the app). */
  close(): void {
    this.core.closed = true;
    this.core.boardListeners.clear();
  }

  /** For the board: counts and times only. */
  figures(): ChatQueueFigures {
    return this.core.figures();
  }

  /** Open emergency alerts, oldest first. */
  alerts(): BoardAlert[] {
    return this.core.alerts.list();
  }

  /** A supervisor saw the alert: false if there is no such open alert. */
  acknowledgeAlert(alertId: string): boolean {
    const done = this.core.alerts.acknowledge(alertId);
    if (done) this.core.boardChanged(true);
    return done;
  }

  /** Called when the queue, the held conversations or the alerts change; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.core.boardListeners.add(listener);
    return () => this.core.boardListeners.delete(listener);
  }

  /** What the broker holds, in counts (tests, benchmarks). */
  stats(): { conversations: number; waiting: number; counsellors: number; offers: number; heldMessages: number } {
    let heldMessages = 0;
    for (const conversation of this.core.conversations.values()) heldMessages += conversation.held.length;
    const { conversations, queue, counsellors, offers } = this.core;
    return { conversations: conversations.size, waiting: queue.length, counsellors: counsellors.size, offers: offers.size, heldMessages };
  }
}
