import { describe, expect, test } from 'vitest';
import { catalogue } from '../i18n/catalogue';
import { callNotices, microphoneProblems, registrationProblems, registrationStates } from './softphoneState';
import {
  formatDuration,
  microphoneProblemKey,
  noticeKey,
  ordinal,
  registrationKey,
  registrationProblemKey,
  returningBadgeText,
  secondsUntil,
} from './softphoneText';

describe('softphone texts', () => {
  test('the returning badge counts this contact, in Danish and English', () => {
    expect(returningBadgeText('da', 3, 7)).toBe('3. kontakt de sidste 7 dage');
    expect(returningBadgeText('en', 3, 7)).toBe('3rd contact in the last 7 days');
    expect(returningBadgeText('en', 2, 30)).toBe('2nd contact in the last 30 days');
    expect(returningBadgeText('en', 11, 7)).toBe('11th contact in the last 7 days');
    expect(returningBadgeText('en', 21, 7)).toBe('21st contact in the last 7 days');
    expect(returningBadgeText('da', 2, 1)).toBe('2. kontakt det seneste døgn');
  });

  test('a first contact says so; no count, no badge', () => {
    expect(returningBadgeText('da', 1, 7)).toBe('1. kontakt de sidste 7 dage');
    expect(returningBadgeText('da', null, 7)).toBeNull();
  });

  test('ordinals', () => {
    expect([1, 2, 3, 4, 12, 13, 22, 101, 111].map((n) => ordinal('en', n))).toEqual([
      '1st', '2nd', '3rd', '4th', '12th', '13th', '22nd', '101st', '111th',
    ]);
    expect(ordinal('da', 5)).toBe('5.');
  });

  test('the call timer', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(999)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5_000)).toBe('0:00');
  });

  test('the retry countdown rounds up and stops at zero', () => {
    expect(secondsUntil(10_001, 2_000)).toBe(9);
    expect(secondsUntil(1_000, 2_000)).toBe(0);
  });

  test('every state, problem and notice has a message in both languages', () => {
    const keys = [
      ...registrationStates.map(registrationKey),
      ...registrationProblems.map(registrationProblemKey),
      ...microphoneProblems.map(microphoneProblemKey),
      ...callNotices.map(noticeKey),
    ];
    for (const key of keys) {
      expect(catalogue.da[key], key).toBeTruthy();
      expect(catalogue.en[key], key).toBeTruthy();
    }
  });
});
