import { describe, expect, test } from 'vitest';
import { formatDuration, timeInStateMs } from './timeInState';

describe('time in state', () => {
  test('is counted on the hub clock: snapshot age plus the time since it arrived', () => {
    const since = '2026-03-02T10:00:00Z';
    const generatedAt = '2026-03-02T10:05:00Z';
    // The workstation clock is an hour off; only the difference from the arrival counts.
    const receivedAt = Date.parse('2026-03-02T11:05:00Z');
    expect(timeInStateMs(since, generatedAt, receivedAt, receivedAt)).toBe(5 * 60_000);
    expect(timeInStateMs(since, generatedAt, receivedAt, receivedAt + 7_000)).toBe(5 * 60_000 + 7_000);
  });

  test('is never negative (a state that began after the snapshot, a clock that went back)', () => {
    expect(timeInStateMs('2026-03-02T10:00:01Z', '2026-03-02T10:00:00Z', 1000, 1000)).toBe(0);
    expect(timeInStateMs('2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', 5000, 1000)).toBe(0);
    expect(timeInStateMs('not a time', '2026-03-02T10:00:00Z', 0, 0)).toBe(0);
  });

  test('reads as minutes:seconds, then hours, then days', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_999)).toBe('0:07');
    expect(formatDuration(12 * 60_000 + 34_000)).toBe('12:34');
    expect(formatDuration(3_600_000 + 2 * 60_000 + 3_000)).toBe('1:02:03');
    expect(formatDuration(23 * 3_600_000 + 59 * 60_000 + 59_000)).toBe('23:59:59');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000)).toBe('2 d 03:04');
    expect(formatDuration(-5)).toBe('0:00');
  });
});
