import { describe, expect, test } from 'vitest';
import { workActivitySchema } from '../../shared/contract/schemas';
import { busiest, isBusy, presenceOf, type PresenceInputs } from './presenceState';

const calm: PresenceInputs = { activity: 'none', locked: false, away: null, idle: false };

describe('presenceOf', () => {
  test('nothing going on: available', () => {
    expect(presenceOf(calm)).toEqual({ state: 'available', awayReason: null });
  });

  test('a contact in progress wins over a locked screen, away and idle', () => {
    for (const activity of ['ringing', 'in-call', 'wrap-up', 'in-chat'] as const) {
      expect(presenceOf({ activity, locked: true, away: 'break', idle: true })).toEqual({ state: activity, awayReason: null });
    }
  });

  test('a locked or suspended machine wins over away and idle', () => {
    expect(presenceOf({ ...calm, locked: true, away: 'meeting', idle: true })).toEqual({ state: 'locked', awayReason: null });
  });

  test('away carries its reason and wins over idle', () => {
    expect(presenceOf({ ...calm, away: 'supervision', idle: true })).toEqual({ state: 'away', awayReason: 'supervision' });
  });

  test('idle only when nothing else applies', () => {
    expect(presenceOf({ ...calm, idle: true })).toEqual({ state: 'idle', awayReason: null });
  });
});

describe('isBusy', () => {
  test('every activity but none is a contact a logout waits for', () => {
    for (const activity of workActivitySchema.options) expect(isBusy(activity)).toBe(activity !== 'none');
  });
});

describe('busiest', () => {
  test('the phone beats a chat, a wrap-up beats an open chat, anything beats none; the order of the two does not matter', () => {
    const order = ['none', 'in-chat', 'wrap-up', 'in-call', 'ringing'] as const;
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) {
        const expected = order[Math.max(i, j)];
        expect(busiest(a, b)).toBe(expected);
      }
    }
  });
});
