import { describe, expect, test } from 'vitest';
import { localDate, periodProblem, presetOf, presetPeriod } from './period';

// Local calendar dates (month is 0-based in Date): the picker works in the workstation's days.
const on = (year: number, month: number, day: number): Date => new Date(year, month - 1, day, 15, 30);

describe('statistics period presets', () => {
  test('the last 7 days end today and include it', () => {
    expect(presetPeriod('last7', on(2026, 11, 25))).toEqual({ from: '2026-11-19', to: '2026-11-25' });
    // Across a month and a year boundary.
    expect(presetPeriod('last7', on(2027, 1, 3))).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    // Across the spring DST change (29 March 2026 in Denmark): still 7 calendar days.
    expect(presetPeriod('last7', on(2026, 4, 1))).toEqual({ from: '2026-03-26', to: '2026-04-01' });
  });

  test('this week starts on Monday (Danish weeks), also when today is Sunday or Monday', () => {
    expect(presetPeriod('thisWeek', on(2026, 11, 25))).toEqual({ from: '2026-11-23', to: '2026-11-25' }); // Wednesday
    expect(presetPeriod('thisWeek', on(2026, 11, 29))).toEqual({ from: '2026-11-23', to: '2026-11-29' }); // Sunday
    expect(presetPeriod('thisWeek', on(2026, 11, 23))).toEqual({ from: '2026-11-23', to: '2026-11-23' }); // Monday
    expect(presetPeriod('thisWeek', on(2027, 1, 1))).toEqual({ from: '2026-12-28', to: '2027-01-01' });
  });

  test('last month is the whole previous calendar month, leap years included', () => {
    expect(presetPeriod('lastMonth', on(2026, 11, 25))).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetPeriod('lastMonth', on(2027, 1, 10))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('lastMonth', on(2028, 3, 1))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('lastMonth', on(2027, 3, 31))).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  test('a period is recognised as the preset it equals', () => {
    const today = on(2026, 11, 25);
    expect(presetOf({ from: '2026-11-19', to: '2026-11-25' }, today)).toBe('last7');
    expect(presetOf({ from: '2026-10-01', to: '2026-10-31' }, today)).toBe('lastMonth');
    expect(presetOf({ from: '2026-10-02', to: '2026-10-31' }, today)).toBeNull();
  });

  test('localDate pads month and day', () => {
    expect(localDate(on(2026, 3, 5))).toBe('2026-03-05');
  });
});

describe('period problems', () => {
  test('a single day and a leap year are fine', () => {
    expect(periodProblem({ from: '2026-11-25', to: '2026-11-25' })).toBeNull();
    expect(periodProblem({ from: '2028-01-01', to: '2028-12-31' })).toBeNull();
  });

  test('missing or impossible dates, a reversed period and one over 366 days are refused', () => {
    expect(periodProblem({ from: '', to: '2026-11-25' })).toBe('missing');
    expect(periodProblem({ from: '2026-02-30', to: '2026-03-02' })).toBe('missing');
    expect(periodProblem({ from: '2026-11-26', to: '2026-11-25' })).toBe('reversed');
    expect(periodProblem({ from: '2026-01-01', to: '2027-01-02' })).toBe('too-long');
  });
});
