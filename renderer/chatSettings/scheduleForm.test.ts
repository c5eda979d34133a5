import { describe, expect, test } from 'vitest';
import { chatScheduleSchema, type ChatSchedule } from '../../shared/hub/chatApi';
import { newException, newInterval, normaliseClock, scheduleFormOf, scheduleOf, scheduleProblems, type ScheduleFormValues } from './scheduleForm';

const weekdays = (intervals: ChatSchedule['weekly']): ChatSchedule => ({ weekly: intervals, exceptions: [] });
const officeWeek: NonNullable<ChatSchedule['weekly']> = [
  [{ opens: '09:00', closes: '17:00' }],
  [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '21:00' }],
  [{ opens: '09:00', closes: '17:00' }],
  [{ opens: '09:00', closes: '17:00' }],
  [{ opens: '09:00', closes: '24:00' }],
  [],
  [],
];

function form(change: Partial<ScheduleFormValues> = {}): ScheduleFormValues {
  return { ...scheduleFormOf(weekdays(officeWeek)), ...change };
}

describe('times typed by the administrator', () => {
  test('"9", "9.30", "9:30" and "24:00" are understood; anything else is not a time', () => {
    expect(normaliseClock('9')).toBe('09:00');
    expect(normaliseClock(' 9.30 ')).toBe('09:30');
    expect(normaliseClock('09:30')).toBe('09:30');
    expect(normaliseClock('24:00')).toBe('24:00');
    for (const bad of ['', '24:01', '25', '9:60', 'ni', '9:5', '-1']) expect(normaliseClock(bad), bad).toBeNull();
  });
});

describe('the opening-hours form', () => {
  test('a saved schedule comes back unchanged through the form', () => {
    const schedule: ChatSchedule = {
      weekly: officeWeek,
      exceptions: [
        { date: '2026-12-24', intervals: [], label: 'Juleaften' },
        { date: '2026-12-31', intervals: [{ opens: '10:00', closes: '14:00' }], label: 'Nytårsaften' },
      ],
    };
    const values = scheduleFormOf(schedule);
    expect(scheduleProblems(values)).toEqual([]);
    expect(scheduleOf(values)).toEqual(schedule);
  });

  test('"open around the clock" is weekly null; the days typed before are kept in the form for unticking', () => {
    const values = form({ alwaysOpen: true });
    expect(scheduleOf(values).weekly).toBeNull();
    expect(scheduleOf({ ...values, alwaysOpen: false }).weekly).toEqual(officeWeek);
    expect(scheduleFormOf({ weekly: null, exceptions: [] })).toMatchObject({ alwaysOpen: true, weekly: [[], [], [], [], [], [], []] });
  });

  test('what is sent is what the hub accepts: times normalised, intervals and exceptions in order, labels trimmed', () => {
    const values = form();
    values.weekly[0] = [
      { opens: '13', closes: '16.30' },
      { opens: '8', closes: '12' },
    ];
    values.exceptions = [
      { ...newException('2026-12-31'), label: '  Nytårsaften  ' },
      { ...newException('2026-12-24'), intervals: [{ opens: '10', closes: '12' }] },
    ];
    expect(scheduleProblems(values)).toEqual([]);
    const schedule = scheduleOf(values);
    expect(schedule.weekly?.[0]).toEqual([
      { opens: '08:00', closes: '12:00' },
      { opens: '13:00', closes: '16:30' },
    ]);
    expect(schedule.exceptions.map((exception) => [exception.date, exception.label])).toEqual([
      ['2026-12-24', ''],
      ['2026-12-31', 'Nytårsaften'],
    ]);
    expect(chatScheduleSchema.safeParse(schedule).success).toBe(true);
  });

  test('says where each problem is: a bad time, closing before opening, overlapping intervals (touching is fine)', () => {
    const values = form();
    values.weekly[0] = [{ opens: 'ni', closes: '17:00' }];
    values.weekly[1] = [{ opens: '17:00', closes: '09:00' }];
    values.weekly[2] = [
      { opens: '09:00', closes: '13:00' },
      { opens: '12:00', closes: '17:00' },
    ];
    values.weekly[3] = [
      { opens: '09:00', closes: '13:00' },
      { opens: '13:00', closes: '17:00' },
    ];
    values.weekly[4] = [{ opens: '24:00', closes: '24:00' }];
    expect(scheduleProblems(values)).toEqual([
      { place: { kind: 'day', day: 0, interval: 0 }, problem: 'opens' },
      { place: { kind: 'day', day: 1, interval: 0 }, problem: 'order' },
      { place: { kind: 'day', day: 2, interval: null }, problem: 'overlap' },
      { place: { kind: 'day', day: 4, interval: 0 }, problem: 'opens' },
    ]);
  });

  test('at most four intervals a day', () => {
    const values = form();
    values.weekly[6] = [0, 1, 2, 3, 4].map((hour) => ({ opens: `${10 + 2 * hour}:00`, closes: `${11 + 2 * hour}:00` }));
    expect(scheduleProblems(values)).toEqual([{ place: { kind: 'day', day: 6, interval: null }, problem: 'too-many-intervals' }]);
  });

  test('the days are not checked while open around the clock, the exceptions always', () => {
    const values = form({ alwaysOpen: true });
    values.weekly[0] = [{ opens: 'x', closes: 'y' }];
    values.exceptions = [{ ...newException('2026-12-24'), intervals: [{ opens: '14', closes: '10' }] }];
    expect(scheduleProblems(values)).toEqual([{ place: { kind: 'exception', index: 0, interval: 0 }, problem: 'order' }]);
  });

  test('an exception needs a real date, one exception a date, and a label of at most 80 characters', () => {
    const values = form({
      exceptions: [newException('2026-02-30'), newException('2026-12-24'), { ...newException('2026-12-24'), label: 'x'.repeat(81) }, newException('')],
    });
    expect(scheduleProblems(values)).toEqual([
      { place: { kind: 'exception', index: 0, interval: null }, problem: 'date' },
      { place: { kind: 'exception', index: 2, interval: null }, problem: 'duplicate-date' },
      { place: { kind: 'exception', index: 2, interval: null }, problem: 'label' },
      { place: { kind: 'exception', index: 3, interval: null }, problem: 'date' },
    ]);
  });

  test('a new interval and a new exception start valid (office hours; closed all day)', () => {
    const values = form({ exceptions: [newException('2026-06-05')] });
    values.weekly[5] = [newInterval()];
    expect(scheduleProblems(values)).toEqual([]);
    expect(scheduleOf(values).exceptions).toEqual([{ date: '2026-06-05', label: '', intervals: [] }]);
  });
});
