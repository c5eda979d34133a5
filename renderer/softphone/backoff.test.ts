import { describe, expect, test } from 'vitest';
import { backoffDelay, reconnectPolicy, refusedPolicy } from './backoff';

describe('the reconnect backoff', () => {
  test('doubles from the base up to the cap', () => {
    const upper = (attempt: number): number => backoffDelay(attempt, reconnectPolicy, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20, 1_000].map(upper)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  test('jitter never goes below half the step, so a failing server is not hammered', () => {
    expect(backoffDelay(0, reconnectPolicy, () => 0)).toBe(500);
    expect(backoffDelay(3, reconnectPolicy, () => 0)).toBe(4_000);
    expect(backoffDelay(50, reconnectPolicy, () => 0)).toBe(30_000);
  });

  test('jitter spreads workstations that lost the server together', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, reconnectPolicy, random)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(16_000);
    }
  });

  test('refused credentials wait longer before the first retry', () => {
    expect(backoffDelay(0, refusedPolicy, () => 0)).toBe(15_000);
    expect(backoffDelay(10, refusedPolicy, () => 0.999999)).toBe(300_000);
  });

  test('a negative or fractional attempt is treated as the first', () => {
    expect(backoffDelay(-3, reconnectPolicy, () => 0)).toBe(500);
    expect(backoffDelay(0.7, reconnectPolicy, () => 0)).toBe(500);
  });
});
