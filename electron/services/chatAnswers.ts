import { fail, type ApiResult } from '../../shared/contract/result';
import type { ChatErrorCode, CounsellorEvent } from '../../shared/hub/chatApi';

/**
 * How a chat request's wait for the hub ended. The counsellor's socket has no request ids: each
 * request recognises its answer among the events (the conversation's new state, its release,
 * the echo of a clientId, or a refusal naming the conversation or the clientId).
 */
export type Answer = 'done' | 'withdrawn' | 'offline' | 'timeout' | { refused: ChatErrorCode };

export interface Waiter {
  /** The answer `event` is to this request; null: not this one's. */
  match(event: CounsellorEvent): Answer | null;
  settle(answer: Answer): void;
}

/** A hub refusal that answers a request about `conversationId` (or about no conversation in particular). */
export function refusalFor(event: CounsellorEvent, conversationId: string): Answer | null {
  if (event.type !== 'error' || event.clientId !== null) return null;
  return event.conversationId === conversationId || event.conversationId === null ? { refused: event.code } : null;
}

/** End and block are answered by the conversation ending here, or leaving this counsellor. */
export function endedOrReleased(event: CounsellorEvent, conversationId: string): Answer | null {
  if (event.type === 'conversation' && event.conversation.conversationId === conversationId && event.conversation.state === 'ended') return 'done';
  if (event.type === 'released' && event.conversationId === conversationId) return 'done';
  return refusalFor(event, conversationId);
}

/** Every answer but `done` as the request's failure; a refusal carries the hub's fixed word, never the input. */
export function unanswered(answer: Exclude<Answer, 'done'>, what: string): ApiResult<never> {
  if (answer === 'withdrawn') return fail('unknown-conversation', 'the offer is gone (lapsed, taken back or given to someone else)');
  if (answer === 'offline') return fail('chat-offline', 'the chat link is not up');
  if (answer === 'timeout') return fail('chat-offline', `the hub did not answer the ${what}`);
  const message = `the hub refused the ${what}: ${answer.refused}`;
  return answer.refused === 'unknown-conversation' || answer.refused === 'not-yours' ? fail('unknown-conversation', message) : fail('chat-refused', message);
}
