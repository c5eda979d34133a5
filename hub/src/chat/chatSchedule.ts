import type { ChatSchedule, ChatScheduleView, OpeningInterval } from '../../../shared/hub/chatApi';
import type { HubContext } from '../hubContext';
import { instantOfWallClock, offsetAt, wallClockOf } from '../wallClock';
import type { ChatOpeningHours } from './chatPorts';
import { readChatSchedule } from './chatSettingsStore';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far ahead the next opening or closing is looked for; beyond it `nextChange` is null. */
export const SCHEDULE_HORIZON_DAYS = 14;
/** How long a read schedule is trusted before the database is asked again (a PUT invalidates at once). */
const SCHEDULE_CACHE_MS = 30_000;

const AROUND_THE_CLOCK: readonly OpeningInterval[] = [{ opens: '00:00', closes: '24:00' }];

/**
 * The opening hours as the visitor sees them at `now`. Hours are wall-clock times in `timeZone`,
 * turned into instants day by day, so a day on which summer time starts or ends is 23 or 25
 * hours long and still opens and closes at the times on the clock. A wall time that does not
 * exist (the hour skipped in spring) counts as that much later, one that happens twice (the hour
 * repeated in autumn) as the first of the two (as Temporal's `compatible` does). Spans that touch
 * (Monday until 24:00, Tuesday from 00:00) are one span, so `nextChange` is the real closing.
 */
export function scheduleView(schedule: ChatSchedule, timeZone: string, now: Date): ChatScheduleView {
  const today = localDayOf(now.getTime(), timeZone);
  const exceptions = new Map(schedule.exceptions.map((exception) => [exception.date, exception]));
  const spans: Array<[number, number]> = [];
  for (let offset = 0; offset <= SCHEDULE_HORIZON_DAYS; offset += 1) {
    const day = today + offset * DAY_MS;
    const intervals = exceptions.get(dateKeyOf(day))?.intervals ?? (schedule.weekly ? (schedule.weekly[mondayFirstWeekdayOf(day)] ?? []) : AROUND_THE_CLOCK);
    for (const { opens, closes } of intervals) {
      const start = compatibleInstantOf(day + minutesOf(opens) * MINUTE_MS, timeZone);
      const end = compatibleInstantOf(day + minutesOf(closes) * MINUTE_MS, timeZone);
      if (end > start) spans.push([start, end]);
    }
  }
  const horizon = compatibleInstantOf(today + (SCHEDULE_HORIZON_DAYS + 1) * DAY_MS, timeZone);
  const at = now.getTime();
  const merged = mergeSpans(spans);
  const current = merged.find(([start, end]) => start <= at && at < end);
  let nextChange: number | null;
  if (current) nextChange = current[1] >= horizon ? null : current[1];
  else nextChange = merged.find(([start]) => start > at)?.[0] ?? null;
  const label = exceptions.get(dateKeyOf(today))?.label ?? '';
  return {
    schedule,
    timeZone,
    open: current !== undefined,
    nextChange: nextChange === null ? null : new Date(nextChange).toISOString(),
    todayLabel: label === '' ? null : label,
  };
}

/** The opening hours port, with the schedule and the last view cached briefly. */
export interface CachedChatOpeningHours extends ChatOpeningHours {
  /** Forgets the cache: the next `view` reads the schedule again (after a PUT). */
  invalidate(): void;
}

export function createChatOpeningHours(context: HubContext): CachedChatOpeningHours {
  const timeZone = context.policy.statistics.timeZone;
  let generation = 0;
  let stored: { schedule: ChatSchedule; readAt: number } | null = null;
  let reading: Promise<ChatSchedule> | null = null;
  let lastView: { schedule: ChatSchedule; view: ChatScheduleView; from: number; until: number } | null = null;

  const fresh = (readAt: number, at: number): boolean => at >= readAt && at - readAt < SCHEDULE_CACHE_MS;
  const scheduleAt = (at: number): Promise<ChatSchedule> => {
    if (stored && fresh(stored.readAt, at)) return Promise.resolve(stored.schedule);
    if (!reading) {
      const started = generation;
      const read = readChatSchedule(context.db)
        .then((schedule) => {
          // A PUT while this read was under way: its result may be the old schedule, so it is not kept.
          if (started === generation) stored = { schedule, readAt: at };
          return schedule;
        })
        .finally(() => {
          if (reading === read) reading = null;
        });
      reading = read;
    }
    return reading;
  };

  return {
    async view(now) {
      const at = now.getTime();
      const schedule = await scheduleAt(at);
      if (lastView && lastView.schedule === schedule && at >= lastView.from && at < lastView.until) return lastView.view;
      const view = scheduleView(schedule, timeZone, now);
      // Valid until the next change (open/closed flips) or the cache's age, whichever is first.
      const until = Math.min(view.nextChange ? Date.parse(view.nextChange) : Infinity, at + SCHEDULE_CACHE_MS);
      lastView = { schedule, view, from: at, until };
      return view;
    },
    invalidate() {
      generation += 1;
      stored = null;
      reading = null;
      lastView = null;
    },
  };
}

/** Sorted, overlapping or touching spans joined. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** `HH:MM` (or `24:00`) as minutes after midnight. */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** The local day `instant` falls on in `timeZone`, as the UTC midnight with the same date. */
function localDayOf(instant: number, timeZone: string): number {
  return Math.floor(wallClockOf(instant, timeZone) / DAY_MS) * DAY_MS;
}

function dateKeyOf(day: number): string {
  return new Date(day).toISOString().slice(0, 10);
}

/** 0 for Monday, as `weekly` counts. */
function mondayFirstWeekdayOf(day: number): number {
  return (new Date(day).getUTCDay() + 6) % 7;
}

/**
 * The instant whose wall clock in `timeZone` reads `wall` (its fields as a UTC time), as Temporal's
 * `compatible`: of two matches the earlier; with none (a skipped hour) the wall time moved on by the gap.
 */
function compatibleInstantOf(wall: number, timeZone: string): number {
  return instantOfWallClock(wall, timeZone) ?? wall - offsetAt(wall - DAY_MS, timeZone);
}
