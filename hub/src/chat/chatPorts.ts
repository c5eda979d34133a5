import type { ChatMessage, ChatScheduleView } from '../../../shared/hub/chatApi';

/**
 * What the chat broker (chatBroker.ts, the sockets) asks of the rest of the hub. The broker keeps
 * conversations in memory only; these are the few things that reach the database, each owned by
 * its own module, so the broker stays a state machine that a test drives with a clock.
 */

/** The opening hours (chatSchedule.ts): is a new conversation welcome now? */
export interface ChatOpeningHours {
  /** The schedule as the visitor sees it, evaluated at `now`. Cached; cheap to call per connection. */
  view(now: Date): Promise<ChatScheduleView>;
}

/**
 * Emergency escrow (chatEscrow.ts). Only when the policy names an escrow key: the visitor's
 * address and the time are sealed to it for an escalated conversation, kept `escrowHours`, then
 * purged. Without a key `enabled` is false and `seal` is never called.
 */
export interface ChatEscrow {
  readonly enabled: boolean;
  /** Seals and stores; resolves to the escrow row's id. The address is not kept anywhere else. */
  seal(conversationId: string, address: string, at: Date): Promise<string>;
  /** Deletes every sealed row past its time; resolves to how many went. */
  purge(now: Date): Promise<number>;
}

/**
 * Transcripts (chatTranscripts.ts). Only when the policy keeps them (`keepTranscriptHours` > 0):
 * each message encrypted with the hub's transcript key until it expires. Off: `enabled` false and
 * `keep` is never called, so a message lives only in the broker's memory until both sides have it.
 */
export interface ChatTranscripts {
  readonly enabled: boolean;
  keep(conversationId: string, message: ChatMessage): Promise<void>;
  purge(now: Date): Promise<number>;
}
