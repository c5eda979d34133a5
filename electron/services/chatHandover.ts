import type { DeskConversation } from '../../shared/contract/schemas';
import { CHAT_FRAME_MAX_BYTES, CHAT_HANDOVER_MAX_MESSAGES, CHAT_TEXT_MAX_CHARS, type HandoverMessage } from '../../shared/hub/chatApi';

export interface TransferFrame {
  type: 'transfer';
  conversationId: string;
  toUserId: string | null;
  handover: HandoverMessage[];
}

/**
 * The `transfer` frame with the conversation so far, for whoever takes it next: the hub forgot
 * every message both sides had, so only this desk can hand it over. The visitor's and the
 * counsellor's accepted messages (not pending ones, not the hub's notices), oldest first; with a
 * longer history, the newest CHAT_HANDOVER_MAX_MESSAGES that keep the frame within
 * CHAT_FRAME_MAX_BYTES (measured as it goes on the wire: the JSON text in UTF-8).
 */
export function transferFrame(conversation: Readonly<DeskConversation>, toUserId: string | null): TransferFrame {
  const frame: TransferFrame = { type: 'transfer', conversationId: conversation.conversationId, toUserId, handover: [] };
  let bytes = Buffer.byteLength(JSON.stringify(frame));
  const newestFirst: HandoverMessage[] = [];
  for (const { seq, from, text, sentAt, pending } of [...conversation.messages].reverse()) {
    if (newestFirst.length >= CHAT_HANDOVER_MAX_MESSAGES) break;
    if (pending || seq === null || from === 'system' || text.length === 0 || text.length > CHAT_TEXT_MAX_CHARS) continue;
    const message: HandoverMessage = { seq, from, text, sentAt };
    // One more element in the array: the message and, after the first, a comma.
    const more = Buffer.byteLength(JSON.stringify(message)) + (newestFirst.length > 0 ? 1 : 0);
    if (bytes + more > CHAT_FRAME_MAX_BYTES) break;
    bytes += more;
    newestFirst.push(message);
  }
  frame.handover = newestFirst.reverse();
  return frame;
}
