import { describe, expect, test } from 'vitest';
import { translate } from '../i18n/catalogue';
import { axisFor, barExtent, barLabel, chartValueOf, lowerBound, niceAxis, scale, sumOfCells } from './chartModel';
import { valueDescription, valueText } from './chartText';

const hidden = { suppressed: true } as const;
const n = (value: number) => ({ value });
const da = (key: Parameters<typeof translate>[1], params?: Record<string, string>): string => translate('da', key, params);

describe('chart values', () => {
  test('a published cell is its number, a suppressed one is hidden', () => {
    expect(chartValueOf(n(12))).toEqual({ kind: 'value', value: 12 });
    expect(chartValueOf(n(0))).toEqual({ kind: 'value', value: 0 });
    expect(chartValueOf(hidden)).toEqual({ kind: 'hidden' });
  });

  test('a sum of published cells is exact', () => {
    expect(sumOfCells([n(3 + 4), n(0), n(5)])).toEqual({ kind: 'value', value: 12 });
    expect(sumOfCells([])).toEqual({ kind: 'value', value: 0 });
  });

  test('a sum with hidden parts is only a lower bound: shown parts plus 1 per hidden part', () => {
    const value = sumOfCells([n(10), hidden, n(0), hidden]);
    expect(value).toEqual({ kind: 'partial', shown: 10, hiddenParts: 2 });
    expect(lowerBound(value)).toBe(12);
    expect(barLabel(value, 5)).toEqual({ kind: 'partial', atLeast: 12 });
  });

  test('one hidden cell among zeros is that hidden cell, not "at least 1"', () => {
    expect(sumOfCells([n(0), hidden, n(0)])).toEqual({ kind: 'hidden' });
    expect(sumOfCells([hidden, hidden])).toEqual({ kind: 'partial', shown: 0, hiddenParts: 2 });
  });

  test('labels: the number, "skjult" for hidden (whatever k), "≥ n" for partly hidden', () => {
    expect(valueText({ kind: 'value', value: 1234 }, 5, 'da', da)).toBe('1.234');
    expect(valueText({ kind: 'hidden' }, 5, 'da', da)).toBe('skjult');
    // Not "<5": a cell hidden to protect a small one may itself be large.
    expect(valueText({ kind: 'hidden' }, 10, 'da', da)).toBe('skjult');
    expect(valueText({ kind: 'partial', shown: 20, hiddenParts: 1 }, 5, 'da', da)).toBe('≥ 21');
    expect(valueDescription({ kind: 'hidden' }, 5, 'da', da)).toContain('færre end 5');
  });
});

describe('axis and scaling', () => {
  test.each([
    [0, 1, 1],
    [1, 1, 1],
    [3, 3, 1],
    [7, 8, 2],
    [12, 15, 5],
    [20, 20, 5],
    [38, 40, 10],
    [101, 150, 50],
    [999, 1000, 500],
  ])('largest %i → axis to %i', (largest, max, step) => {
    const axis = niceAxis(largest);
    expect(axis.max).toBe(max);
    expect(axis.step).toBe(step);
    expect(axis.max).toBeGreaterThanOrEqual(largest);
    expect(axis.ticks[0]).toBe(0);
    expect(axis.ticks.at(-1)).toBe(max);
    expect(axis.ticks.length).toBeLessThanOrEqual(6);
  });

  test('steps are 1, 2 or 5 × a power of ten', () => {
    for (let largest = 1; largest < 5000; largest += 37) {
      const { step } = niceAxis(largest);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5]).toContain(mantissa);
    }
  });

  test('a hidden bar reaches k (hatched); a partial one its shown part plus k; the axis fits both', () => {
    expect(barExtent({ kind: 'hidden' }, 5)).toEqual({ solid: 0, hatched: 5 });
    expect(barExtent({ kind: 'partial', shown: 30, hiddenParts: 2 }, 5)).toEqual({ solid: 30, hatched: 5 });
    expect(barExtent({ kind: 'value', value: 7 }, 5)).toEqual({ solid: 7, hatched: 0 });
    expect(axisFor([{ kind: 'value', value: 3 }, { kind: 'hidden' }], 5).max).toBe(6);
    expect(axisFor([{ kind: 'partial', shown: 30, hiddenParts: 2 }], 5).max).toBe(40);
  });

  test('lengths are proportional to the axis and never negative', () => {
    const axis = niceAxis(40);
    expect(scale(40, axis, 400)).toBe(400);
    expect(scale(10, axis, 400)).toBe(100);
    expect(scale(0, axis, 400)).toBe(0);
    expect(scale(-3, axis, 400)).toBe(0);
  });
});
