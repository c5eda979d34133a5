import type { RequestOf } from '../../shared/contract/schemas';
import type { Shift } from '../../shared/hub/shiftsApi';
import { localDate } from '../statistics/period';
import { addDays, isoWithOffset, parseLocalDate } from './shiftWeek';

/**
 * The administrator's shift form: whose (user name), which day, from and to (local clock). An
 * end at or before the start means the next morning, so a night shift 22:00–06:00 is one entry.
 */
export interface ShiftFormValues {
  /** Absent: a new shift. */
  id?: string;
  username: string;
  /** `YYYY-MM-DD`, the day the shift starts. */
  date: string;
  /** `HH:MM`. */
  start: string;
  end: string;
}

export type ShiftFormProblem = 'username' | 'date' | 'start' | 'end' | 'same-time';

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function newShiftForm(date: string): ShiftFormValues {
  return { username: '', date, start: '', end: '' };
}

const clock = (date: Date): string => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

/** An existing shift in the form, in local time. */
export function shiftFormOf(shift: Shift): ShiftFormValues {
  const start = new Date(shift.startsAt);
  return { id: shift.id, username: shift.username, date: localDate(start), start: clock(start), end: clock(new Date(shift.endsAt)) };
}

export function shiftFormProblems(values: ShiftFormValues): ShiftFormProblem[] {
  const problems: ShiftFormProblem[] = [];
  const username = values.username.trim();
  if (username.length === 0 || username.length > 64) problems.push('username');
  if (!datePattern.test(values.date) || Number.isNaN(parseLocalDate(values.date).getTime())) problems.push('date');
  if (!timePattern.test(values.start)) problems.push('start');
  if (!timePattern.test(values.end)) problems.push('end');
  else if (values.end === values.start) problems.push('same-time');
  return problems;
}

export function endsNextDay(values: ShiftFormValues): boolean {
  return timePattern.test(values.start) && timePattern.test(values.end) && values.end < values.start;
}

function localDateTime(day: string, time: string): Date {
  const date = parseLocalDate(day);
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), hours, minutes);
}

/** The request for `shifts:save`; call only when `shiftFormProblems` found none. */
export function shiftEditOf(values: ShiftFormValues): RequestOf<'shifts:save'> {
  const startsAt = localDateTime(values.date, values.start);
  const endsAt = localDateTime(endsNextDay(values) ? addDays(values.date, 1) : values.date, values.end);
  return {
    ...(values.id ? { id: values.id } : {}),
    username: values.username.trim().toLowerCase(),
    startsAt: isoWithOffset(startsAt),
    endsAt: isoWithOffset(endsAt),
  };
}
