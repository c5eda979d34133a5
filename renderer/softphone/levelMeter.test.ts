import { expect, test } from 'vitest';
import { levelFromSamples, smoothLevel } from './levelMeter';

test('silence reads 0, full scale reads 1, speech sits in between on a dB scale', () => {
  expect(levelFromSamples(new Float32Array(256))).toBe(0);
  expect(levelFromSamples([])).toBe(0);
  expect(levelFromSamples(new Float32Array(256).fill(1))).toBe(1);
  // -20 dBFS RMS: two thirds of the way up a 60 dB scale.
  expect(levelFromSamples(new Float32Array(256).fill(0.1))).toBeCloseTo(2 / 3, 5);
  // Below the floor counts as silence.
  expect(levelFromSamples(new Float32Array(256).fill(0.0005))).toBe(0);
});

test('the shown level rises at once and falls off gradually to zero', () => {
  expect(smoothLevel(0.2, 0.8)).toBe(0.8);
  expect(smoothLevel(0.8, 0)).toBeCloseTo(0.56, 5);
  let shown = 0.8;
  const readings: number[] = [];
  for (let i = 0; i < 20; i++) readings.push((shown = smoothLevel(shown, 0)));
  expect(readings.slice(0, 3).every((level) => level > 0.2)).toBe(true);
  expect(readings.at(-1)).toBe(0);
  for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeLessThanOrEqual(readings[i - 1] ?? 1);
});
