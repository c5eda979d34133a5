import type { BoardCounsellor, PresenceState } from '../../shared/hub/presenceApi';

/** The board's filter buttons, in the order shown. */
export const stateGroups = ['all', 'available', 'busy', 'away', 'offline', 'lost'] as const;
export type StateGroup = (typeof stateGroups)[number];

export interface BoardFilter {
  group: StateGroup;
  /** Part of a name, as typed. */
  search: string;
}

export const initialBoardFilter: BoardFilter = { group: 'all', search: '' };

/**
 * Which group a state belongs to. Idle and a locked screen count as away: the counsellor is
 * logged in but not at the desk, which is what a supervisor looking for cover needs to see.
 */
const groupOfState: Record<PresenceState, Exclude<StateGroup, 'all'>> = {
  available: 'available',
  ringing: 'busy',
  'in-call': 'busy',
  'wrap-up': 'busy',
  'in-chat': 'busy',
  away: 'away',
  idle: 'away',
  locked: 'away',
  offline: 'offline',
  lost: 'lost',
};

export function groupOf(state: PresenceState): Exclude<StateGroup, 'all'> {
  return groupOfState[state];
}

/** Case-insensitive, and spaces around or doubled in what was typed do not matter. */
function normalise(text: string): string {
  return text.toLocaleLowerCase('da').replace(/\s+/g, ' ').trim();
}

export function matchesFilter(counsellor: BoardCounsellor, filter: BoardFilter): boolean {
  if (filter.group !== 'all' && groupOf(counsellor.state) !== filter.group) return false;
  const search = normalise(filter.search);
  return search === '' || normalise(counsellor.displayName).includes(search);
}

/** The rows to show, by name in Danish order (æ, ø, å last), ties by id so rows never swap. */
export function visibleCounsellors(counsellors: readonly BoardCounsellor[], filter: BoardFilter): BoardCounsellor[] {
  return counsellors
    .filter((counsellor) => matchesFilter(counsellor, filter))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'da') || a.userId.localeCompare(b.userId));
}

/** How many counsellors each filter button would show (the name search applied). */
export function groupCounts(counsellors: readonly BoardCounsellor[], search: string): Record<StateGroup, number> {
  const counts = Object.fromEntries(stateGroups.map((group) => [group, 0])) as Record<StateGroup, number>;
  for (const counsellor of counsellors) {
    if (!matchesFilter(counsellor, { group: 'all', search })) continue;
    counts.all += 1;
    counts[groupOf(counsellor.state)] += 1;
  }
  return counts;
}
