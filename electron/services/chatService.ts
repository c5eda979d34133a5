import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { ChatDesk } from '../../shared/contract/schemas';
import type { CannedReply, CounsellorEvent, CounsellorMessage, TransferTargetsResponse } from '../../shared/hub/chatApi';
import type { ChatHub } from '../hub/chatClient';
import { defaultChatLinkOptions, type ChatLink, type ChatLinkOptions } from '../hub/chatLink';
import { failureResult, type Refusals, type SessionFailure } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import { endedOrReleased, refusalFor, unanswered, type Answer, type Waiter } from './chatAnswers';
import { ChatDeskState, type ChatWork } from './chatDeskState';
import { transferFrame } from './chatHandover';
import type { Logger } from './logger';

export interface ChatTuning {
  link: ChatLinkOptions;
  /** How long a request waits for the hub's answer on the socket. */
  answerMs: number;
  /** Changes within this are pushed to the renderer as one `chat:changed`. */
  coalesceMs: number;
  /** A visitor's "typing" that is not renewed or withdrawn is dropped after this. */
  typingExpiryMs: number;
}

export const defaultChatTuning: ChatTuning = { link: defaultChatLinkOptions, answerMs: 10_000, coalesceMs: 16, typingExpiryMs: 15_000 };

const chatRefusals: Refusals = {
  forbidden: { code: 'forbidden', message: 'the hub refuses this to the account' },
};

/**
 * The counsellor's chat desk in the main process (issue 8): the broker link for the shift, and
 * the desk itself (ChatDeskState) in memory only, pushed whole as `chat:changed` on every change.
 *
 * * The link runs from the shift's start to any logout or lock (ShiftService drives it); at the
 *   end the desk is cleared, so nothing of a shift survives it (I6). Closing the socket makes
 *   the hub requeue whatever was still open.
 * * Every message the hub sends is acknowledged as soon as it is on the desk: the broker forgets
 *   it then. The counsellor's own messages are pending until the hub echoes their clientId, and
 *   are sent again after a reconnect (the hub drops a clientId it already has).
 * * Requests that change a conversation wait for the hub's answer on the socket; a refusal comes
 *   back as `chat-refused` (or `unknown-conversation`) with the hub's fixed word in the message
 *   and as `lastError` on the desk. Message text is never logged.
 */
export class ChatService {
  private link: ChatLink | null = null;
  private readonly desk = new ChatDeskState();
  private accepting = false;
  private readonly waiters = new Set<Waiter>();
  private readonly typingTimers = new Map<string, NodeJS.Timeout>();
  private emitTimer: NodeJS.Timeout | undefined;
  private lastWork = '0/0';
  private readonly tuning: ChatTuning;

  constructor(
    /** null: no hub, so no chat. */
    private readonly hub: ChatHub | null,
    private readonly log: Logger,
    private readonly emit: (desk: ChatDesk) => void,
    /** Conversations started, ended or dismissed: the shift's presence and a pending logout look again. */
    private readonly workChanged: () => void,
    tuning: Partial<ChatTuning> = {},
  ) {
    this.tuning = { ...defaultChatTuning, ...tuning };
  }

  state(): ChatDesk {
    return this.desk.snapshot(this.link ? this.link.linkState() : 'off', this.accepting);
  }

  work(): ChatWork {
    return this.desk.work();
  }

  /** A counsellor's shift started: the link opens (and stays open until `endShift`). */
  startShift(): void {
    const hub = this.hub;
    if (!hub) return;
    if (this.link) this.endShift();
    const link: ChatLink = hub.link(
      this.log,
      {
        link: (state) => {
          if (this.link !== link) return;
          if (state !== 'online') this.lost();
          this.changed();
        },
        event: (event) => {
          if (this.link === link) this.received(event);
        },
        unauthorized: () => void hub.verifySession(),
        ended: () => {
          if (this.link !== link) return;
          this.lost();
          this.changed();
        },
      },
      this.tuning.link,
    );
    this.link = link;
    link.setAccepting(this.accepting);
    link.start();
    this.log.info('chat', 'chat link started');
    this.changed();
  }

  /** Any logout or lock: the link closes (the hub requeues open conversations) and the desk is emptied. */
  endShift(): void {
    const link = this.link;
    this.link = null;
    link?.close();
    this.settleAll('offline');
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
    const work = this.desk.work();
    this.desk.clear();
    if (link) this.log.info('chat', 'chat link ended; desk cleared', { live: work.live, wrappingUp: work.wrappingUp });
    // At once, not coalesced: the renderer must not hold the last shift's desk a moment longer.
    clearTimeout(this.emitTimer);
    this.emitTimer = undefined;
    this.emit(this.state());
    this.noteWork();
  }

  /** Whether new offers may come (ShiftService: on a live shift login, available, no pending logout). */
  setAccepting(accepting: boolean): void {
    if (accepting === this.accepting) return;
    this.accepting = accepting;
    this.link?.setAccepting(accepting);
    this.changed();
  }

  async accept(offerId: string): Promise<ApiResult<ChatDesk>> {
    const gate = this.gate();
    if (!gate.ok) return gate;
    const offer = this.desk.offer(offerId);
    if (!offer) return fail('unknown-conversation', 'no such offer');
    const answer = await this.ask({ type: 'accept', offerId }, (event) => {
      if (event.type === 'conversation' && event.conversation.conversationId === offer.conversationId) return 'done';
      if (event.type === 'offer-withdrawn' && event.offerId === offerId) return 'withdrawn';
      return refusalFor(event, offer.conversationId);
    });
    return this.answered(answer, 'accept');
  }

  decline(offerId: string): ApiResult<ChatDesk> {
    const gate = this.gate();
    if (!gate.ok) return gate;
    if (!this.desk.offer(offerId)) return fail('unknown-conversation', 'no such offer');
    gate.value.send({ type: 'decline', offerId });
    this.desk.apply({ type: 'offer-withdrawn', offerId, reason: 'declined' }, new Date());
    this.changed();
    return ok(this.state());
  }

  async send(request: { conversationId: string; clientId: string; text: string }): Promise<ApiResult<ChatDesk>> {
    const gate = this.gate();
    if (!gate.ok) return gate;
    const { conversationId, clientId, text } = request;
    const conversation = this.desk.conversation(conversationId);
    if (!conversation) return fail('unknown-conversation', 'no such conversation');
    if (conversation.state === 'ended') return fail('chat-refused', 'the conversation has ended');
    // The renderer sent it before (a retry): it is pending or accepted already.
    if (this.desk.hasMessage(conversationId, clientId)) return ok(this.state());
    const limit = this.desk.messageLimit();
    if (limit > 0 && text.length > limit) return fail('chat-refused', 'the hub refused the message: message-too-large');
    this.desk.addPending(conversationId, clientId, text, new Date());
    this.changed();
    const answer = await this.ask({ type: 'message', conversationId, clientId, text }, (event) => {
      if (event.type === 'message' && event.clientId === clientId) return 'done';
      if (event.type === 'error' && event.clientId === clientId) return { refused: event.code };
      return null;
    });
    // Not answered (the link dropped, or the hub is slow): the message stays pending and is
    // sent again on the next connection; only the hub's refusal is a failure.
    return answer === 'offline' || answer === 'timeout' ? ok(this.state()) : this.answered(answer, 'message');
  }

  /** The counsellor's typing, best effort: nothing is sent while the link is down. */
  typing(conversationId: string, typing: boolean): ApiResult<Record<string, never>> {
    if (!this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    const conversation = this.desk.conversation(conversationId);
    if (!conversation) return fail('unknown-conversation', 'no such conversation');
    if (conversation.state !== 'ended') this.link.send({ type: 'typing', conversationId, typing });
    return ok({});
  }

  markRead(conversationId: string, seq: number): ApiResult<ChatDesk> {
    if (!this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    if (!this.desk.conversation(conversationId)) return fail('unknown-conversation', 'no such conversation');
    this.desk.markRead(conversationId, seq);
    this.changed();
    return ok(this.state());
  }

  async end(conversationId: string): Promise<ApiResult<ChatDesk>> {
    return this.command(conversationId, 'end', { type: 'end', conversationId }, (event) => endedOrReleased(event, conversationId));
  }

  /** The wrap-up is done: the ended conversation and its messages leave the desk. */
  dismiss(conversationId: string): ApiResult<ChatDesk> {
    if (!this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    const conversation = this.desk.conversation(conversationId);
    if (!conversation) return fail('unknown-conversation', 'no such conversation');
    if (conversation.state !== 'ended') return fail('chat-refused', 'the conversation has not ended');
    this.desk.dismiss(conversationId);
    this.changed();
    return ok(this.state());
  }

  async transferTargets(): Promise<ApiResult<TransferTargetsResponse>> {
    const hub = this.hub;
    if (!hub || !this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    const result = await hub.transferTargets();
    return result.ok ? ok({ targets: result.value.targets }) : this.failed('transfer targets', result.failure);
  }

  /** With the conversation so far as this desk holds it: the next counsellor gets nothing of it from the hub otherwise. */
  async transfer(conversationId: string, toUserId: string | null): Promise<ApiResult<ChatDesk>> {
    const conversation = this.desk.conversation(conversationId);
    const frame = conversation ? transferFrame(conversation, toUserId) : { type: 'transfer' as const, conversationId, toUserId };
    return this.command(conversationId, 'transfer', frame, (event) =>
      event.type === 'released' && event.conversationId === conversationId ? 'done' : refusalFor(event, conversationId),
    );
  }

  async escalate(conversationId: string): Promise<ApiResult<ChatDesk>> {
    if (this.desk.conversation(conversationId)?.escalated) return ok(this.state());
    return this.command(conversationId, 'escalate', { type: 'escalate', conversationId }, (event) =>
      event.type === 'conversation' && event.conversation.conversationId === conversationId && event.conversation.escalated ? 'done' : refusalFor(event, conversationId),
    );
  }

  async block(conversationId: string): Promise<ApiResult<ChatDesk>> {
    return this.command(conversationId, 'block', { type: 'block', conversationId }, (event) => endedOrReleased(event, conversationId));
  }

  async cannedReplies(): Promise<ApiResult<{ replies: CannedReply[] }>> {
    const hub = this.hub;
    if (!hub || !this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    const result = await hub.cannedReplies();
    return result.ok ? ok({ replies: result.value.replies }) : this.failed('canned replies', result.failure);
  }

  dispose(): void {
    if (this.link) this.endShift();
    clearTimeout(this.emitTimer);
    this.emitTimer = undefined;
  }

  /** A request about a live conversation that waits for the hub's answer. */
  private async command(conversationId: string, what: string, message: CounsellorMessage, match: Waiter['match']): Promise<ApiResult<ChatDesk>> {
    const gate = this.gate();
    if (!gate.ok) return gate;
    const conversation = this.desk.conversation(conversationId);
    if (!conversation) return fail('unknown-conversation', 'no such conversation');
    if (conversation.state === 'ended') return what === 'end' ? ok(this.state()) : fail('chat-refused', 'the conversation has ended');
    const answer = await this.ask(message, match);
    if (answer === 'done') this.log.info('chat', `${what} done`);
    return this.answered(answer, what);
  }

  private gate(): ApiResult<ChatLink> {
    if (!this.link) return fail('not-logged-in', 'chat needs a counsellor on shift');
    if (this.link.linkState() !== 'online') return fail('chat-offline', 'the chat link is not up');
    return ok(this.link);
  }

  /** Sends `message` and waits for the event `match` recognises as its answer. */
  private ask(message: CounsellorMessage, match: Waiter['match']): Promise<Answer> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        match,
        settle: (answer) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(answer);
        },
      };
      const timer = setTimeout(() => waiter.settle('timeout'), this.tuning.answerMs);
      timer.unref();
      this.waiters.add(waiter);
      if (!this.link?.send(message)) waiter.settle('offline');
    });
  }

  private answered(answer: Answer, what: string): ApiResult<ChatDesk> {
    if (answer === 'done') {
      if (this.desk.lastError !== null) {
        this.desk.lastError = null;
        this.changed();
      }
      return ok(this.state());
    }
    if (typeof answer === 'object') this.log.info('chat', `${what} refused`, { code: answer.refused });
    return unanswered(answer, what);
  }

  private received(event: CounsellorEvent): void {
    const effects = this.desk.apply(event, new Date());
    const link = this.link;
    for (const ack of effects.acks) link?.send({ type: 'ack', conversationId: ack.conversationId, seq: ack.seq });
    for (const message of effects.resend) link?.send({ type: 'message', ...message });
    switch (event.type) {
      case 'welcome':
        this.log.info('chat', 'chat link welcomed', { conversations: event.conversations.length, resent: effects.resend.length });
        break;
      case 'typing':
        this.watchTyping(event.conversationId, event.typing);
        break;
      case 'error':
        this.log.info('chat', 'hub refused', { code: event.code });
        break;
      case 'released':
        this.log.info('chat', 'conversation released', { reason: event.reason });
        break;
      case 'offer':
      case 'offer-withdrawn':
      case 'conversation':
      case 'message':
        break;
    }
    for (const waiter of [...this.waiters]) {
      const answer = waiter.match(event);
      if (answer !== null) waiter.settle(answer);
    }
    this.changed();
  }

  /** A visitor's typing that is neither renewed nor withdrawn does not stay on screen. */
  private watchTyping(conversationId: string, typing: boolean): void {
    clearTimeout(this.typingTimers.get(conversationId));
    this.typingTimers.delete(conversationId);
    if (!typing) return;
    const timer = setTimeout(() => {
      this.typingTimers.delete(conversationId);
      this.desk.clearTyping(conversationId);
      this.changed();
    }, this.tuning.typingExpiryMs);
    timer.unref();
    this.typingTimers.set(conversationId, timer);
  }

  /** The socket dropped: what waited for an answer on it has none. */
  private lost(): void {
    this.desk.linkLost();
    this.settleAll('offline');
  }

  private settleAll(answer: Answer): void {
    for (const waiter of [...this.waiters]) waiter.settle(answer);
  }

  private failed(what: string, failure: SessionFailure): ApiResult<never> {
    if (failure.kind !== 'no-session') this.log.warn('chat', `${what} failed`, { failure: describeFailure(failure) });
    return failureResult(failure, what, chatRefusals);
  }

  /** The desk changed: one `chat:changed` for a burst of changes, and the shift told of a change in work. */
  private changed(): void {
    this.noteWork();
    if (this.emitTimer !== undefined) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      this.emit(this.state());
    }, this.tuning.coalesceMs);
    this.emitTimer.unref();
  }

  private noteWork(): void {
    const work = this.desk.work();
    const key = `${work.live}/${work.wrappingUp}`;
    if (key === this.lastWork) return;
    this.lastWork = key;
    this.workChanged();
  }
}
