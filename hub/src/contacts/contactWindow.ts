import type { HubPolicy } from '../policy/hubPolicy';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "More than five contacts in the last week" (DESIGN.md §1.2): a caller is frequent once a
 * contact is their sixth or later within this many days.
 */
export const FREQUENT_PERIOD_DAYS = 7;
export const FREQUENT_MORE_THAN = 5;

/** The window's length: hashes, and the keys they were made with, are kept this long. */
export function contactWindowMs(policy: HubPolicy): number {
  return policy.retention.contactWindowDays * DAY_MS;
}

/**
 * The oldest instant still inside the window is just after this: a sighting `seen_at` is in the
 * window iff `seen_at > windowStart(now)`, and the retention job deletes the rest.
 */
export function windowStart(policy: HubPolicy, now: Date): Date {
  return new Date(now.getTime() - contactWindowMs(policy));
}

/** The frequent-caller period, cut to the window when the window is shorter (nothing older exists). */
export function frequentPeriodStart(policy: HubPolicy, now: Date): Date {
  const days = Math.min(FREQUENT_PERIOD_DAYS, policy.retention.contactWindowDays);
  return new Date(now.getTime() - days * DAY_MS);
}
