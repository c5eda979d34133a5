import { describe, expect, test } from 'vitest';
import { presenceStates, type BoardCounsellor, type PresenceState } from '../../shared/hub/presenceApi';
import { groupCounts, groupOf, stateGroups, visibleCounsellors } from './boardFilter';
import { figureText, pendingLogoutKey, rowActions } from './boardText';

let next = 0;
function counsellor(displayName: string, state: PresenceState, changes: Partial<BoardCounsellor> = {}): BoardCounsellor {
  next += 1;
  return {
    userId: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    displayName,
    state,
    since: '2026-03-02T10:00:00Z',
    awayReason: state === 'away' ? 'break' : null,
    shift: { startsAt: '2026-03-02T07:00:00Z', endsAt: '2026-03-02T15:00:00Z' },
    pendingLogout: null,
    ...changes,
  };
}

const board = [
  counsellor('Åse Holm', 'available'),
  counsellor('Anna Berg', 'in-call'),
  counsellor('Bo Ørsted', 'wrap-up'),
  counsellor('Carl Dahl', 'away'),
  counsellor('Dorte Eng', 'idle'),
  counsellor('Erik Falk', 'offline', { shift: null }),
  counsellor('Frida Gram', 'lost'),
  counsellor('Ærø Jensen', 'locked'),
];
const names = (rows: BoardCounsellor[]): string[] => rows.map((row) => row.displayName);

describe('the board filters', () => {
  test('every state belongs to exactly one group other than "alle"', () => {
    for (const state of presenceStates) expect(stateGroups).toContain(groupOf(state));
    expect(presenceStates.map(groupOf)).not.toContain('all');
  });

  test('"alle" shows everyone by name in Danish order (æ, ø, å last)', () => {
    expect(names(visibleCounsellors(board, { group: 'all', search: '' }))).toEqual([
      'Anna Berg',
      'Bo Ørsted',
      'Carl Dahl',
      'Dorte Eng',
      'Erik Falk',
      'Frida Gram',
      'Ærø Jensen',
      'Åse Holm',
    ]);
  });

  test('each group shows its states: in a contact, away (idle and a locked screen too), not logged in, lost', () => {
    expect(names(visibleCounsellors(board, { group: 'available', search: '' }))).toEqual(['Åse Holm']);
    expect(names(visibleCounsellors(board, { group: 'busy', search: '' }))).toEqual(['Anna Berg', 'Bo Ørsted']);
    expect(names(visibleCounsellors(board, { group: 'away', search: '' }))).toEqual(['Carl Dahl', 'Dorte Eng', 'Ærø Jensen']);
    expect(names(visibleCounsellors(board, { group: 'offline', search: '' }))).toEqual(['Erik Falk']);
    expect(names(visibleCounsellors(board, { group: 'lost', search: '' }))).toEqual(['Frida Gram']);
  });

  test('the name search ignores case and extra spaces, and combines with the group', () => {
    expect(names(visibleCounsellors(board, { group: 'all', search: '  ørSTED ' }))).toEqual(['Bo Ørsted']);
    expect(names(visibleCounsellors(board, { group: 'all', search: 'bo   ø' }))).toEqual(['Bo Ørsted']);
    expect(names(visibleCounsellors(board, { group: 'away', search: 'a' }))).toEqual(['Carl Dahl']);
    expect(visibleCounsellors(board, { group: 'available', search: 'anna' })).toEqual([]);
  });

  test('the buttons count what they would show, under the current search', () => {
    expect(groupCounts(board, '')).toEqual({ all: 8, available: 1, busy: 2, away: 3, offline: 1, lost: 1 });
    expect(groupCounts(board, 'er')).toEqual({ all: 2, available: 0, busy: 1, away: 0, offline: 1, lost: 0 });
  });
});

describe('a board row', () => {
  test('offers logout to everyone logged in (lost included), pause to those present, "tilgængelig" to those away', () => {
    expect(rowActions(counsellor('A', 'available'))).toEqual({ logout: true, away: true, available: false });
    expect(rowActions(counsellor('A', 'in-call'))).toEqual({ logout: true, away: true, available: false });
    expect(rowActions(counsellor('A', 'away'))).toEqual({ logout: true, away: false, available: true });
    expect(rowActions(counsellor('A', 'lost'))).toEqual({ logout: true, away: false, available: false });
    expect(rowActions(counsellor('A', 'offline'))).toEqual({ logout: false, away: false, available: false });
  });

  test('a pending logout "efter samtalen" can still be made "nu"; one running now cannot be sent again', () => {
    const pending = { commandId: null, by: 'supervisor', reason: 'forgot-logout', note: null } as const;
    expect(rowActions(counsellor('A', 'in-call', { pendingLogout: { ...pending, mode: 'after-work' } })).logout).toBe(true);
    expect(rowActions(counsellor('A', 'in-call', { pendingLogout: { ...pending, mode: 'now' } })).logout).toBe(false);
    expect(pendingLogoutKey({ ...pending, mode: 'after-work' })).toBe('board.pending.after-work');
    expect(pendingLogoutKey({ ...pending, mode: 'now' })).toBe('board.pending.now');
    expect(pendingLogoutKey({ ...pending, by: 'shift-end', reason: null, mode: 'after-work' })).toBe('board.pending.shift-end');
  });

  test('a figure the hub does not know is a dash, never 0', () => {
    expect(figureText(null)).toBe('–');
    expect(figureText(0)).toBe('0');
    expect(figureText(12)).toBe('12');
  });
});
