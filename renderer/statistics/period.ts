import type { StatisticsPeriod } from '../../shared/contract/schemas';
import { STATISTICS_MAX_DAYS, daysInPeriod, localDateSchema } from '../../shared/hub/statisticsApi';

export const periodPresets = ['last7', 'thisWeek', 'lastMonth'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/** `YYYY-MM-DD` of the workstation's own calendar day (the service and its hub share a time zone). */
export function localDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The period a preset stands for, seen from `today`: the last 7 days (today included), this
 * week from Monday (Danish weeks start on Monday), or the whole previous calendar month.
 * Calendar arithmetic (not 24-hour steps), so a DST change cannot shift a day.
 */
export function presetPeriod(preset: PeriodPreset, today: Date): StatisticsPeriod {
  const year = today.getFullYear();
  const month = today.getMonth();
  const day = today.getDate();
  switch (preset) {
    case 'last7':
      return { from: localDate(new Date(year, month, day - 6)), to: localDate(new Date(year, month, day)) };
    case 'thisWeek': {
      const sinceMonday = (today.getDay() + 6) % 7;
      return { from: localDate(new Date(year, month, day - sinceMonday)), to: localDate(new Date(year, month, day)) };
    }
    case 'lastMonth':
      return { from: localDate(new Date(year, month - 1, 1)), to: localDate(new Date(year, month, 0)) };
  }
}

/** Why a period typed into the picker cannot be asked for; null when it can. */
export type PeriodProblem = 'missing' | 'reversed' | 'too-long';

export function periodProblem(period: { from: string; to: string }): PeriodProblem | null {
  if (!localDateSchema.safeParse(period.from).success || !localDateSchema.safeParse(period.to).success) return 'missing';
  const days = daysInPeriod(period.from, period.to);
  if (days < 1) return 'reversed';
  if (days > STATISTICS_MAX_DAYS) return 'too-long';
  return null;
}

/** The preset a period equals (for the pressed button), if any. */
export function presetOf(period: StatisticsPeriod, today: Date): PeriodPreset | null {
  return periodPresets.find((preset) => {
    const candidate = presetPeriod(preset, today);
    return candidate.from === period.from && candidate.to === period.to;
  }) ?? null;
}
