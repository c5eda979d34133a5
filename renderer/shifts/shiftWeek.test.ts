import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Shift } from '../../shared/hub/shiftsApi';
import { addDays, isoWeekNumber, isoWithOffset, shiftsByDay, weekDays, weekSpan, weekStartOf } from './shiftWeek';

// A Danish workstation: the week boundaries and offsets are Copenhagen's (CET/CEST).
const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Copenhagen';
});
afterAll(() => {
  process.env.TZ = originalTz;
});

function shift(id: string, startsAt: string, endsAt: string, displayName = 'Anna'): Shift {
  return { id, userId: '00000000-0000-4000-8000-000000000001', username: 'anna', displayName, startsAt, endsAt };
}

describe('the shift plan week', () => {
  test('starts on Monday, also seen from a Sunday or across a year', () => {
    expect(weekStartOf(new Date(2026, 2, 4, 12))).toBe('2026-03-02'); // Wednesday
    expect(weekStartOf(new Date(2026, 2, 8, 23, 59))).toBe('2026-03-02'); // Sunday night
    expect(weekStartOf(new Date(2026, 2, 9, 0, 0))).toBe('2026-03-09'); // Monday midnight
    expect(weekStartOf(new Date(2027, 0, 1))).toBe('2026-12-28');
    expect(weekDays('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  test('is asked for from Monday 00:00 to the next Monday 00:00 in local time, across the DST change', () => {
    expect(weekSpan('2026-03-02')).toEqual({ from: '2026-03-02T00:00:00+01:00', to: '2026-03-09T00:00:00+01:00' });
    // Summer time starts on Sunday 29 March 2026.
    expect(weekSpan('2026-03-23')).toEqual({ from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' });
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  test('times carry the local offset and mean the same instant', () => {
    const summer = new Date(2026, 6, 1, 8, 30);
    expect(isoWithOffset(summer)).toBe('2026-07-01T08:30:00+02:00');
    expect(Date.parse(isoWithOffset(summer))).toBe(summer.getTime());
  });

  test('has the ISO week number (Danish "uge")', () => {
    expect(isoWeekNumber('2026-03-02')).toBe(10);
    expect(isoWeekNumber('2026-12-28')).toBe(53);
    expect(isoWeekNumber('2027-01-04')).toBe(1);
    expect(isoWeekNumber('2024-12-30')).toBe(1);
  });

  test('lists shifts under the local day they start, by start; one begun last week under Monday', () => {
    const days = shiftsByDay(
      [
        shift('late', '2026-03-03T21:00:00Z', '2026-03-04T05:00:00Z'), // Tuesday 22:00 local
        shift('early', '2026-03-03T06:00:00Z', '2026-03-03T14:00:00Z', 'Bo'),
        shift('carried', '2026-03-01T21:00:00Z', '2026-03-02T05:00:00Z'), // Sunday night before
        shift('midnight', '2026-03-03T23:30:00Z', '2026-03-04T06:00:00Z'), // Wednesday 00:30 local
      ],
      '2026-03-02',
    );
    expect(days.map((day) => [day.day, day.shifts.map((entry) => entry.id)])).toEqual([
      ['2026-03-02', ['carried']],
      ['2026-03-03', ['early', 'late']],
      ['2026-03-04', ['midnight']],
      ['2026-03-05', []],
      ['2026-03-06', []],
      ['2026-03-07', []],
      ['2026-03-08', []],
    ]);
  });
});
