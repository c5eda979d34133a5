import type { Locale } from '../../shared/contract/schemas';
import { translate, type MessageKey } from '../i18n/catalogue';
import type { CallNotice, MicrophoneProblem, RegistrationProblem, RegistrationState } from './softphoneState';

/** Catalogue keys for the softphone's states; the compiler checks that each one exists. */
export const registrationKey = (state: RegistrationState): MessageKey => `softphone.registration.${state}`;
export const registrationProblemKey = (problem: RegistrationProblem): MessageKey => `softphone.problem.${problem}`;
export const microphoneProblemKey = (problem: MicrophoneProblem): MessageKey => `softphone.microphone.${problem}`;
export const noticeKey = (notice: CallNotice): MessageKey => `softphone.notice.${notice}`;

/** "4:05", "1:02:03": a call timer, never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const englishSuffix: Record<Intl.LDMLPluralRule, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' };

/** "3." in Danish, "3rd" in English. */
export function ordinal(locale: Locale, n: number): string {
  switch (locale) {
    case 'da':
      return `${n}.`;
    case 'en':
      return `${n}${englishSuffix[new Intl.PluralRules('en', { type: 'ordinal' }).select(n)]}`;
  }
}

/**
 * The returning-contact badge: "3. kontakt de sidste 7 dage" ("1. kontakt" tells the counsellor
 * the caller is new). Nothing without a count: the provider sent no pseudonym, or is not trusted
 * to have stripped a caller's forged one.
 */
export function returningBadgeText(locale: Locale, contacts: number | null, windowDays: number): string | null {
  if (contacts === null || contacts < 1) return null;
  const params = { ordinal: ordinal(locale, contacts), days: String(windowDays) };
  return translate(locale, windowDays === 1 ? 'softphone.returning.oneDay' : 'softphone.returning', params);
}

/** Seconds until `at`, rounded up, for "Prøver igen om 8 s"; never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
