import type { Shift } from '../../shared/hub/shiftsApi';
import { localDate } from '../statistics/period';

/**
 * The shift plan is read a week at a time, Monday to Sunday in the workstation's own time zone
 * (the service and its hub share one). Calendar arithmetic, not 24-hour steps, so a DST change
 * cannot move a day boundary.
 */

/** `YYYY-MM-DD` → local midnight of that day. */
export function parseLocalDate(day: string): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/** The Monday of the week `date` falls in. */
export function weekStartOf(date: Date): string {
  const sinceMonday = (date.getDay() + 6) % 7;
  return localDate(new Date(date.getFullYear(), date.getMonth(), date.getDate() - sinceMonday));
}

export function addDays(day: string, days: number): string {
  const date = parseLocalDate(day);
  return localDate(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days));
}

export function weekDays(weekStart: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
}

/** A local time as ISO 8601 with the local offset: `2026-03-02T08:00:00+01:00`. */
export function isoWithOffset(date: Date): string {
  const pad = (value: number): string => String(Math.floor(Math.abs(value))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** What `shifts:list` is asked for: the shifts overlapping Monday 00:00 up to next Monday 00:00. */
export function weekSpan(weekStart: string): { from: string; to: string } {
  return { from: isoWithOffset(parseLocalDate(weekStart)), to: isoWithOffset(parseLocalDate(addDays(weekStart, 7))) };
}

/** The ISO 8601 week number (Danish "uge"): the week holding the year's first Thursday is week 1. */
export function isoWeekNumber(weekStart: string): number {
  const monday = parseLocalDate(weekStart);
  const thursday = new Date(Date.UTC(monday.getFullYear(), monday.getMonth(), monday.getDate() + 3));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
}

export interface DayOfShifts {
  day: string;
  /** Shifts starting that day, by start; a shift begun the week before is listed on Monday. */
  shifts: Shift[];
}

export function shiftsByDay(shifts: readonly Shift[], weekStart: string): DayOfShifts[] {
  const days = weekDays(weekStart);
  const sorted = [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.displayName.localeCompare(b.displayName, 'da'));
  return days.map((day) => ({
    day,
    shifts: sorted.filter((shift) => {
      const startDay = localDate(new Date(shift.startsAt));
      return startDay === day || (day === weekStart && startDay < weekStart);
    }),
  }));
}
