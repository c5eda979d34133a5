import type { AwayReason, LogoutReason, PresenceState } from '../../shared/hub/presenceApi';
import type { MessageKey } from '../i18n/catalogue';

/** Catalogue keys for the presence vocabulary; the compiler checks that each one exists. */
export const presenceStateKey = (state: PresenceState): MessageKey => `presence.state.${state}`;
export const awayReasonKey = (reason: AwayReason): MessageKey => `presence.away.${reason}`;
export const logoutReasonKey = (reason: LogoutReason): MessageKey => `presence.logoutReason.${reason}`;
