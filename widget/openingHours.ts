import type { ChatScheduleView, OpeningInterval } from '../shared/hub/chatApi';
import { text, type TextKey, type WidgetLocale } from './widgetText';

/** The opening hours as the page shows them, every part already worded. */
export interface OpeningHoursText {
  /** Open now (and until when), or closed now and when it opens again. */
  status: string;
  /** Today's exception, e.g. "I dag: Juledag"; null on an ordinary day. */
  today: string | null;
  /** Monday to Sunday; null when the chat is open around the clock. */
  weekly: { day: string; hours: string }[] | null;
  /** Dates with their own hours from today on, for two weeks (a visitor plans a few days ahead). */
  exceptions: { date: string; label: string; hours: string }[];
}

const EXCEPTION_HORIZON_DAYS = 14;
const DAY_MS = 86_400_000;

/** The schedule the hub sent, worded for the visitor, with `now` as the hub's schedule sees it. */
export function openingHoursText(locale: WidgetLocale, view: ChatScheduleView, now: Date): OpeningHoursText {
  const zone = safeZone(view.timeZone);
  const today = zonedParts(now, zone);
  const weekly = view.schedule.weekly?.map((intervals, index) => ({ day: text(locale, dayKey(index)), hours: hoursWording(locale, intervals) })) ?? null;
  const todayNumber = dayNumber(today.dateKey);
  const exceptions = view.schedule.exceptions
    .filter((exception) => {
      const offset = dayNumber(exception.date) - todayNumber;
      return offset >= 0 && offset < EXCEPTION_HORIZON_DAYS;
    })
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((exception) => ({ date: calendarDate(locale, exception.date), label: exception.label, hours: hoursWording(locale, exception.intervals) }));
  return {
    status: statusWording(locale, view, now, zone),
    today: view.todayLabel ? text(locale, 'hours.todayLabel', { label: view.todayLabel }) : null,
    weekly,
    exceptions,
  };
}

function statusWording(locale: WidgetLocale, view: ChatScheduleView, now: Date, zone: string | undefined): string {
  const change = view.nextChange ? new Date(view.nextChange) : null;
  const valid = change !== null && !Number.isNaN(change.getTime());
  if (view.open) {
    if (valid) return text(locale, 'hours.closesAt', { when: whenWording(locale, change, now, zone) });
    return view.schedule.weekly === null ? text(locale, 'hours.aroundTheClock') : text(locale, 'hours.open');
  }
  return valid ? text(locale, 'closed.reopens', { when: whenWording(locale, change, now, zone) }) : text(locale, 'closed.noReopen');
}

/** "i dag kl. 17:00", "i morgen kl. 09:00", "mandag kl. 09:00" or "den 2. januar kl. 09:00". */
export function whenWording(locale: WidgetLocale, at: Date, now: Date, zone: string | undefined): string {
  const target = zonedParts(at, zone);
  const days = dayNumber(target.dateKey) - dayNumber(zonedParts(now, zone).dateKey);
  const time = target.time;
  if (days <= 0) return text(locale, 'when.today', { time });
  if (days === 1) return text(locale, 'when.tomorrow', { time });
  if (days < 7) return text(locale, 'when.weekday', { weekday: text(locale, dayKey(weekdayIndex(target.dateKey))).toLowerCase(), time });
  return text(locale, 'when.date', { date: calendarDate(locale, target.dateKey), time });
}

function hoursWording(locale: WidgetLocale, intervals: readonly OpeningInterval[]): string {
  if (intervals.length === 0) return text(locale, 'hours.closedDay');
  return intervals.map((interval) => `${interval.opens}–${interval.closes}`).join(', ');
}

function dayKey(index: number): TextKey {
  return `day.${Math.min(6, Math.max(0, index)) as 0 | 1 | 2 | 3 | 4 | 5 | 6}`;
}

/** The calendar date (YYYY-MM-DD) and clock time (HH:MM) of `date` in `zone`. */
export function zonedParts(date: Date, zone: string | undefined): { dateKey: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((candidate) => candidate.type === type)?.value ?? '00';
  return { dateKey: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** A zone the browser knows, or undefined (the browser's own) for one it does not. */
function safeZone(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

function dayNumber(dateKey: string): number {
  const [year = 1970, month = 1, day = 1] = dateKey.split('-').map(Number);
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Monday = 0, as the schedule counts. */
function weekdayIndex(dateKey: string): number {
  return (new Date(dayNumber(dateKey) * DAY_MS).getUTCDay() + 6) % 7;
}

function calendarDate(locale: WidgetLocale, dateKey: string): string {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(dayNumber(dateKey) * DAY_MS));
}
