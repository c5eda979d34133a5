import type { ChatDesk, DeskConversation, DeskMessage } from '../../shared/contract/schemas';

/**
 * Pure questions about the counsellor's chat desk (`ChatDesk`, pushed whole by the main
 * process): what is unread, which tab to show, what the counsellor is doing. No React, no store.
 */

/** The visitor's messages the counsellor has not seen: later than the conversation's `readSeq`. */
export function unreadCount(conversation: DeskConversation): number {
  return conversation.messages.filter((message) => message.from === 'visitor' && message.seq !== null && message.seq > conversation.readSeq).length;
}

/** The highest seq the hub has given a message here (0: none yet); what `chat:markRead` sends. */
export function latestSeq(conversation: DeskConversation): number {
  return conversation.messages.reduce((highest, message) => (message.seq !== null && message.seq > highest ? message.seq : highest), 0);
}

/** A conversation that is still going on (the visitor may be briefly away); `ended` waits for the wrap-up. */
export function isOngoing(conversation: DeskConversation): boolean {
  switch (conversation.state) {
    case 'active':
    case 'visitor-away':
      return true;
    case 'ended':
      return false;
  }
}

/**
 * The tab to show: the one chosen, while it still exists; otherwise the first conversation
 * still going on (a conversation that left, e.g. transferred, must not leave an empty desk), or
 * the first at all.
 */
export function selectedConversationId(desk: ChatDesk | null, chosen: string | null): string | null {
  if (!desk) return null;
  if (chosen !== null && desk.conversations.some((conversation) => conversation.conversationId === chosen)) return chosen;
  return (desk.conversations.find(isOngoing) ?? desk.conversations[0])?.conversationId ?? null;
}

/** What the chat contributes to the counsellor's activity: chatting, a chat's wrap-up, or nothing. */
export type ChatActivity = 'in-chat' | 'wrap-up' | 'none';

export function chatActivityOf(desk: ChatDesk | null): ChatActivity {
  if (!desk) return 'none';
  if (desk.conversations.some(isOngoing)) return 'in-chat';
  return desk.conversations.length > 0 ? 'wrap-up' : 'none';
}

/** The conversations the counsellor holds against the policy's capacity (offers count, as the hub counts them). */
export function usedCapacity(desk: ChatDesk): number {
  return desk.offers.length + desk.conversations.filter(isOngoing).length;
}

/** Numbers for the tabs ("Chat 3"), stable for the shift: a new conversation gets the next one. */
export function numberConversations(
  numbers: Readonly<Record<string, number>>,
  next: number,
  conversations: readonly DeskConversation[],
): { numbers: Record<string, number>; next: number } {
  const result: Record<string, number> = {};
  let counter = next;
  for (const { conversationId } of conversations) {
    const known = numbers[conversationId];
    if (known !== undefined) result[conversationId] = known;
    else result[conversationId] = counter++;
  }
  return { numbers: result, next: counter };
}

/** A system message's notice, or null for the visitor's and the counsellor's own words. */
export function noticeOf(message: DeskMessage): DeskMessage['notice'] {
  return message.from === 'system' ? message.notice : null;
}

/** The stable key of a message in a list: the hub's seq, or the sender's id while it is pending. */
export function messageKey(message: DeskMessage, index: number): string {
  if (message.seq !== null) return `seq-${message.seq}`;
  return message.clientId !== null ? `pending-${message.clientId}` : `index-${index}`;
}
