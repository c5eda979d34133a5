import type { ChatDesk } from '../../shared/contract/schemas';
import { chatErrorCodes, type ChatErrorCode, type SystemNotice } from '../../shared/hub/chatApi';
import type { MessageKey } from '../i18n/catalogue';

/** Catalogue keys for the chat desk's words; the compiler checks that each one exists. */
export const deskLinkKey = (link: ChatDesk['link']): MessageKey => `chat.link.${link}`;
export const noticeKey = (notice: SystemNotice): MessageKey => `chat.notice.${notice}`;
export const chatErrorKey = (code: ChatErrorCode): MessageKey => `chat.refused.${code}`;

const chatErrorSet: ReadonlySet<string> = new Set(chatErrorCodes);

/** The desk's `lastError` is a fixed word from the hub; a word this version does not know gets a general text. */
export function lastErrorKey(word: string): MessageKey {
  return chatErrorSet.has(word) ? chatErrorKey(word as ChatErrorCode) : 'chat.refused.other';
}

/** "0:45", "3:07", "1:02:03": how long someone has waited, never negative. */
export function waitText(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Whole seconds until `expiresAt` (the offer lapses then), rounded up; never negative. */
export function secondsLeft(expiresAt: string, now: number): number {
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
