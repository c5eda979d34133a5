import type { ErrorCode } from '../../shared/contract/result';
import type { Locale, StoreProblem } from '../../shared/contract/schemas';
import type { RecordForm } from '../../shared/records/recordModel';
import type { Topic } from '../../shared/records/recordPolicy';
import type { ScrubKind } from '../../shared/scrubber/scrubText';
import { errorKey, type MessageKey } from '../i18n/catalogue';

/** Catalogue keys for the record's closed choices; the compiler checks that each one exists. */
export const contactTypeKey = (value: NonNullable<RecordForm['contactType']>): MessageKey => `records.contactType.${value}`;
export const ageBandKey = (value: NonNullable<RecordForm['ageBand']>): MessageKey => `records.ageBand.${value}`;
export const genderKey = (value: NonNullable<RecordForm['gender']>): MessageKey => `records.gender.${value}`;
export const outcomeKey = (value: NonNullable<RecordForm['outcome']>): MessageKey => `records.outcome.${value}`;
export const referralKey = (value: NonNullable<RecordForm['referral']>): MessageKey => `records.referral.${value}`;
export const channelKey = (value: 'phone' | 'chat'): MessageKey => `records.channel.${value}`;
export const scrubKindKey = (kind: ScrubKind): MessageKey => `records.scrub.${kind}`;
export const storeProblemKeys = (problem: StoreProblem): { title: MessageKey; action: MessageKey } => ({
  title: `store.${problem}.title`,
  action: `store.${problem}.action`,
});

/** A submit or park failure: the queue's own "save-failed", or an API error code. */
export const actionErrorKey = (error: ErrorCode | 'save-failed'): MessageKey => (error === 'save-failed' ? 'records.save.notSaved' : errorKey(error));

/** The topic's name in the UI language; a code the policy no longer knows is shown as it is. */
export function topicLabel(topics: readonly Topic[], code: string, locale: Locale): string {
  const topic = topics.find((entry) => entry.code === code);
  return topic ? topic[locale] : code;
}

/** "14.03" / "14:03" in the counsellor's local time. */
export function clockTime(locale: Locale, time: string | number): string {
  return new Date(time).toLocaleTimeString(locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}
