import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requestSchemas } from '../../shared/contract/schemas';
import { endsNextDay, newShiftForm, shiftEditOf, shiftFormOf, shiftFormProblems } from './shiftForm';

const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Copenhagen';
});
afterAll(() => {
  process.env.TZ = originalTz;
});

const form = { username: ' Anna ', date: '2026-03-02', start: '08:00', end: '16:00' };

describe('the shift form', () => {
  test('a day shift becomes a request the contract accepts, in local time with its offset', () => {
    const edit = shiftEditOf(form);
    expect(edit).toEqual({ username: 'anna', startsAt: '2026-03-02T08:00:00+01:00', endsAt: '2026-03-02T16:00:00+01:00' });
    expect(requestSchemas['shifts:save'].request.safeParse(edit).success).toBe(true);
  });

  test('an end before the start is the next morning (a night shift), also into summer time', () => {
    const night = { ...form, start: '22:00', end: '06:00' };
    expect(endsNextDay(night)).toBe(true);
    expect(shiftEditOf(night)).toMatchObject({ startsAt: '2026-03-02T22:00:00+01:00', endsAt: '2026-03-03T06:00:00+01:00' });
    expect(shiftEditOf({ ...night, date: '2026-03-28' })).toMatchObject({ startsAt: '2026-03-28T22:00:00+01:00', endsAt: '2026-03-29T06:00:00+02:00' });
    expect(endsNextDay(form)).toBe(false);
  });

  test('an edited shift keeps its id and shows its local day and times', () => {
    const values = shiftFormOf({
      id: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11',
      userId: '00000000-0000-4000-8000-000000000001',
      username: 'anna',
      displayName: 'Anna',
      startsAt: '2026-07-01T20:00:00Z',
      endsAt: '2026-07-02T04:00:00Z',
    });
    expect(values).toEqual({ id: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11', username: 'anna', date: '2026-07-01', start: '22:00', end: '06:00' });
    expect(shiftEditOf(values)).toEqual({
      id: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11',
      username: 'anna',
      startsAt: '2026-07-01T22:00:00+02:00',
      endsAt: '2026-07-02T06:00:00+02:00',
    });
  });

  test('says what is missing or wrong before anything is sent', () => {
    expect(shiftFormProblems(form)).toEqual([]);
    expect(shiftFormProblems(newShiftForm('2026-03-02'))).toEqual(['username', 'start', 'end']);
    expect(shiftFormProblems({ ...form, username: '   ', date: '' })).toEqual(['username', 'date']);
    expect(shiftFormProblems({ ...form, start: '24:00', end: '8:00' })).toEqual(['start', 'end']);
    expect(shiftFormProblems({ ...form, end: '08:00' })).toEqual(['same-time']);
  });
});
