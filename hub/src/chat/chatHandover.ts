import { z } from 'zod';
import { CHAT_HANDOVER_MAX_MESSAGES, CHAT_TEXT_MAX_CHARS, handoverMessageSchema, type ChatMessage } from '../../../shared/hub/chatApi';
import type { Conversation, HeldMessage, Party } from './chatConversation';
import { cleanChatText } from './chatText';

const handoverSchema = z.array(handoverMessageSchema).max(CHAT_HANDOVER_MAX_MESSAGES);

/**
 * The earlier conversation a transferring workstation hands over, checked: the contract's shape
 * (again: the broker is not only driven by the socket), oldest first without repeats, only seqs
 * the hub gave out, text cleaned as any message is. Null: refused as a whole (`invalid-message`).
 * The hub cannot check the text against what was said (it forgot it): it is the desk's account.
 */
export function checkedHandover(conversation: Conversation, raw: unknown): ChatMessage[] | null {
  const parsed = handoverSchema.safeParse(raw);
  if (!parsed.success) return null;
  const messages: ChatMessage[] = [];
  let previous = 0;
  for (const { seq, from, text, sentAt } of parsed.data) {
    if (seq <= previous || seq > conversation.lastSeq) return null;
    previous = seq;
    // The text was cleaned when the hub accepted it; the policy's limit may have fallen since.
    const cleaned = cleanChatText(text, CHAT_TEXT_MAX_CHARS);
    if (!cleaned.ok) return null;
    messages.push({ seq, from, text: cleaned.text, notice: null, sentAt: new Date(sentAt).toISOString() });
  }
  return messages;
}

/**
 * Keeps the handover for the next counsellor only, with what the hub still holds (its own copy
 * wins a seq both have), in seq order. Forgotten like any message once that counsellor
 * acknowledges it, or with the conversation.
 */
export function keepHandover(conversation: Conversation, messages: readonly ChatMessage[]): void {
  const held = new Set(conversation.held.map((entry) => entry.message.seq));
  const added = messages
    .filter((message) => !held.has(message.seq))
    .map((message): HeldMessage => ({ message, clientId: null, pending: new Set<Party>(['counsellor']) }));
  if (added.length === 0) return;
  conversation.held = [...conversation.held, ...added].sort((a, b) => a.message.seq - b.message.seq);
}
