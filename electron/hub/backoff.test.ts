import { describe, expect, test } from 'vitest';
import { fullJitterDelay } from './backoff';

const options = { baseMs: 1_000, capMs: 300_000 };

describe('full-jitter backoff', () => {
  test('the ceiling doubles with each failure and stops at the cap', () => {
    const almostOne = (): number => 0.999_999;
    expect(fullJitterDelay(1, options, almostOne)).toBe(999);
    expect(fullJitterDelay(2, options, almostOne)).toBe(1_999);
    expect(fullJitterDelay(5, options, almostOne)).toBe(15_999);
    expect(fullJitterDelay(9, options, almostOne)).toBe(255_999);
    expect(fullJitterDelay(10, options, almostOne)).toBe(299_999);
    expect(fullJitterDelay(1_000, options, almostOne)).toBe(299_999);
  });

  test('the delay is drawn from the whole interval, down to zero', () => {
    expect(fullJitterDelay(6, options, () => 0)).toBe(0);
    expect(fullJitterDelay(6, options, () => 0.5)).toBe(16_000);
  });

  test('real random delays stay within [0, ceiling) and are spread out', () => {
    for (const failures of [1, 3, 8, 20]) {
      const ceiling = Math.min(options.capMs, options.baseMs * 2 ** (failures - 1));
      const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(failures, options));
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
      // Full jitter, not "ceiling ± a little": both the lower and the upper quarter are used.
      expect(delays.some((delay) => delay < ceiling / 4)).toBe(true);
      expect(delays.some((delay) => delay > (3 * ceiling) / 4)).toBe(true);
    }
  });

  test('zero or negative failure counts are treated as the first', () => {
    expect(fullJitterDelay(0, options, () => 0.5)).toBe(500);
    expect(fullJitterDelay(-3, options, () => 0.5)).toBe(500);
  });
});
