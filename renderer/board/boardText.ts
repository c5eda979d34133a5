import type { BoardCounsellor, PendingLogout } from '../../shared/hub/presenceApi';
import type { Locale } from '../../shared/contract/schemas';
import type { BoardAlert } from '../../shared/hub/chatApi';
import { waitText } from '../chat/chatText';
import { translate, type MessageKey } from '../i18n/catalogue';
import type { StateGroup } from './boardFilter';

export const stateGroupKey = (group: StateGroup): MessageKey => `board.filter.${group}`;

/** The marker a row shows while its counsellor's logout waits (or runs). */
export function pendingLogoutKey(pending: PendingLogout): MessageKey {
  if (pending.by === 'shift-end') return 'board.pending.shift-end';
  return pending.mode === 'now' ? 'board.pending.now' : 'board.pending.after-work';
}

/** What a supervisor may do for a counsellor in this state (the hub checks again). */
export function rowActions(counsellor: BoardCounsellor): { logout: boolean; away: boolean; available: boolean } {
  const loggedIn = counsellor.state !== 'offline';
  return {
    // A lost workstation can be logged out too: the hub then removes it at the SIP server itself.
    logout: loggedIn && counsellor.pendingLogout?.mode !== 'now',
    away: loggedIn && counsellor.state !== 'lost' && counsellor.state !== 'away',
    available: counsellor.state === 'away',
  };
}

/** "14:03:07": the board's own clock shows seconds, so a supervisor sees that it is live. */
export function clockWithSeconds(locale: Locale, time: string | number): string {
  return new Date(time).toLocaleTimeString(locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A figure the hub may not know: "–" rather than a zero that would be a lie. */
export function figureText(value: number | null): string {
  return value === null ? '–' : String(value);
}

/** "Nødsituation i chat — Anna, kl. 14:32": who raised it and when, in the supervisor's local time. */
export function alertText(locale: Locale, alert: BoardAlert): string {
  const time = new Date(alert.raisedAt).toLocaleTimeString(locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  switch (alert.kind) {
    case 'chat-emergency':
      return translate(locale, 'board.alert.chat-emergency', { name: alert.displayName, time });
  }
}

/** The longest wait in the chat queue as "4:05"; "–" when nobody waits. */
export function longestWaitText(seconds: number | null): string {
  return seconds === null ? '–' : waitText(seconds);
}
