import type { ChatSchedule } from '../../shared/hub/chatApi';

/**
 * The administrator's opening-hours form: for each weekday (Monday first) up to four intervals
 * (none: closed that day), or "open around the clock"; and exceptions by date (holidays), each
 * with its own intervals (none: closed all day) and the label the visitor sees. Times are typed
 * as text so that 24:00 (midnight at the day's end) can be written; "9", "9.30" and "9:30" are
 * understood as 09:00, 09:30.
 */
export interface IntervalValues {
  opens: string;
  closes: string;
}

export interface ExceptionValues {
  /** The form's own key for the row (React), not saved. */
  key: string;
  date: string;
  label: string;
  intervals: IntervalValues[];
}

export interface ScheduleFormValues {
  alwaysOpen: boolean;
  /** Seven days, Monday first; kept while "around the clock" is ticked, so unticking restores them. */
  weekly: IntervalValues[][];
  exceptions: ExceptionValues[];
}

export const MAX_INTERVALS = 4;
export const MAX_EXCEPTIONS = 400;
export const EXCEPTION_LABEL_MAX = 80;
export const WEEKDAYS = 7;

export type ScheduleProblemKind = 'opens' | 'closes' | 'order' | 'overlap' | 'too-many-intervals' | 'date' | 'duplicate-date' | 'label' | 'too-many-exceptions';

/** Where a problem is: a weekday (0 = Monday) or an exception row, and an interval in it (0-based) if it is about one. */
export type ScheduleProblemPlace = { kind: 'day'; day: number; interval: number | null } | { kind: 'exception'; index: number; interval: number | null } | { kind: 'schedule' };

export interface ScheduleProblem {
  place: ScheduleProblemPlace;
  problem: ScheduleProblemKind;
}

let rowCounter = 0;
const rowKey = (): string => `exception-${++rowCounter}`;

/** A sensible start for a new interval: office hours. */
export const newInterval = (): IntervalValues => ({ opens: '09:00', closes: '17:00' });

export function newException(date: string): ExceptionValues {
  return { key: rowKey(), date, label: '', intervals: [] };
}

const emptyWeek = (): IntervalValues[][] => Array.from({ length: WEEKDAYS }, () => []);

/** The saved schedule in the form. */
export function scheduleFormOf(schedule: ChatSchedule): ScheduleFormValues {
  return {
    alwaysOpen: schedule.weekly === null,
    weekly: schedule.weekly ? schedule.weekly.map((day) => day.map((interval) => ({ ...interval }))) : emptyWeek(),
    exceptions: schedule.exceptions.map((exception) => ({
      key: rowKey(),
      date: exception.date,
      label: exception.label,
      intervals: exception.intervals.map((interval) => ({ ...interval })),
    })),
  };
}

/** "9" → "09:00", "9.30" / "9:30" → "09:30", "24:00" stays; anything else is not a time (null). */
export function normaliseClock(text: string): string | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours === 24 && minutes === 0) return '24:00';
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function intervalProblems(intervals: readonly IntervalValues[], place: (interval: number | null) => ScheduleProblemPlace): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (intervals.length > MAX_INTERVALS) problems.push({ place: place(null), problem: 'too-many-intervals' });
  const valid: Array<{ opens: string; closes: string }> = [];
  intervals.forEach((interval, index) => {
    const opens = normaliseClock(interval.opens);
    const closes = normaliseClock(interval.closes);
    if (opens === null || opens === '24:00') problems.push({ place: place(index), problem: 'opens' });
    if (closes === null) problems.push({ place: place(index), problem: 'closes' });
    if (opens === null || opens === '24:00' || closes === null) return;
    if (opens >= closes) problems.push({ place: place(index), problem: 'order' });
    else valid.push({ opens, closes });
  });
  // "HH:MM" strings sort as times; touching intervals (12:00–13:00, 13:00–17:00) are fine.
  const sorted = [...valid].sort((a, b) => a.opens.localeCompare(b.opens));
  if (sorted.some((interval, index) => index > 0 && interval.opens < (sorted[index - 1]?.closes ?? ''))) {
    problems.push({ place: place(null), problem: 'overlap' });
  }
  return problems;
}

export function scheduleProblems(values: ScheduleFormValues): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (!values.alwaysOpen) {
    values.weekly.forEach((intervals, day) => problems.push(...intervalProblems(intervals, (interval) => ({ kind: 'day', day, interval }))));
  }
  if (values.exceptions.length > MAX_EXCEPTIONS) problems.push({ place: { kind: 'schedule' }, problem: 'too-many-exceptions' });
  const dates = new Set<string>();
  values.exceptions.forEach((exception, index) => {
    const place = (interval: number | null): ScheduleProblemPlace => ({ kind: 'exception', index, interval });
    if (!isCalendarDate(exception.date)) problems.push({ place: place(null), problem: 'date' });
    else if (dates.has(exception.date)) problems.push({ place: place(null), problem: 'duplicate-date' });
    else dates.add(exception.date);
    if (exception.label.trim().length > EXCEPTION_LABEL_MAX) problems.push({ place: place(null), problem: 'label' });
    problems.push(...intervalProblems(exception.intervals, place));
  });
  return problems;
}

const intervalsOf = (intervals: readonly IntervalValues[]): ChatSchedule['exceptions'][number]['intervals'] =>
  intervals
    .map((interval) => ({ opens: normaliseClock(interval.opens) ?? interval.opens, closes: normaliseClock(interval.closes) ?? interval.closes }))
    .sort((a, b) => a.opens.localeCompare(b.opens));

/** The schedule for `chatSettings:saveSchedule`; call only when `scheduleProblems` found none. Exceptions go in date order. */
export function scheduleOf(values: ScheduleFormValues): ChatSchedule {
  return {
    weekly: values.alwaysOpen ? null : values.weekly.map(intervalsOf),
    exceptions: values.exceptions
      .map((exception) => ({ date: exception.date, label: exception.label.trim(), intervals: intervalsOf(exception.intervals) }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}
