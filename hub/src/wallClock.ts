// Wall-clock times in an IANA time zone, as the hub reads them (shift plans, chat opening hours):
// a wall time is kept as the UTC instant with the same fields (`Date.UTC(year, month - 1, ...)`).

const DAY_MS = 86_400_000;

/**
 * The earliest instant whose wall clock in `timeZone` reads `wall`, or null if none does (the
 * hour skipped when summer time starts). Offsets change at most once a day anywhere, so the
 * offsets a day before and a day after are the only candidates.
 */
export function instantOfWallClock(wall: number, timeZone: string): number | null {
  const offsets = new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)]);
  const instants = [...offsets].map((offset) => wall - offset).filter((instant) => wallClockOf(instant, timeZone) === wall);
  return instants.length > 0 ? Math.min(...instants) : null;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  return wallClockOf(instant, timeZone) - instant;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `instant`, as the UTC time with the same fields (milliseconds kept). */
export function wallClockOf(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instant - Math.floor(instant / 1000) * 1000);
}
