import { CHAT_TEXT_MAX_CHARS } from '../../shared/hub/chatApi';

/**
 * The chat composer's rules: how long a message may be, when it may be sent, what Enter does.
 * Pure, so the limits are tested without a DOM.
 */

/** The policy's limit, never above the protocol's; 0 (no link yet) means the protocol's. */
export function messageLimit(maxMessageChars: number): number {
  return maxMessageChars > 0 ? Math.min(maxMessageChars, CHAT_TEXT_MAX_CHARS) : CHAT_TEXT_MAX_CHARS;
}

export interface ComposerState {
  /** Characters that would be sent (the main process trims, so the counter does too). */
  length: number;
  limit: number;
  tooLong: boolean;
  canSend: boolean;
}

/** `length` counts UTF-16 units, as the hub's own check does. */
export function composerState(text: string, maxMessageChars: number, online: boolean): ComposerState {
  const length = text.trim().length;
  const limit = messageLimit(maxMessageChars);
  const tooLong = length > limit;
  return { length, limit, tooLong, canSend: online && length > 0 && !tooLong };
}

/** The counter turns to a warning near the limit, so the counsellor is not surprised by it. */
export function nearLimit(state: ComposerState): boolean {
  return state.length >= state.limit * 0.9;
}

export interface ComposerKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** An input method is composing (e.g. accents, or Asian scripts): its Enter confirms the text. */
  isComposing: boolean;
}

/** Enter sends; Shift+Enter (and any other modifier) is left to the textarea: a new line. */
export function composerKeyAction(event: ComposerKey): 'send' | null {
  if (event.key !== 'Enter' || event.isComposing) return null;
  if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return null;
  return 'send';
}

/**
 * A canned reply put into the composer at the cursor (replacing a selection), with a space or
 * line break so it does not run into the words around it. Returns the new text and where the
 * cursor goes (after the inserted reply).
 */
export function insertReply(text: string, reply: string, selectionStart: number, selectionEnd: number): { text: string; cursor: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before.length > 0 && !/\s$/.test(before) ? ' ' : '';
  const trail = after.length > 0 && !/^\s/.test(after) ? ' ' : '';
  const inserted = `${lead}${reply}${trail}`;
  return { text: `${before}${inserted}${after}`, cursor: before.length + lead.length + reply.length };
}

/** The sender's id for a message (the hub drops a resent duplicate): random, no meaning. */
export function newClientId(): string {
  return crypto.randomUUID();
}
