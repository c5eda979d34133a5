import { describe, expect, test } from 'vitest';
import { columnLayout, horizontalLayout } from './chartLayout';
import type { ChartData, ChartValue } from './chartModel';

const value = (n: number): ChartValue => ({ kind: 'value', value: n });
const hidden: ChartValue = { kind: 'hidden' };

function oneSeries(values: ChartValue[]): ChartData {
  return { series: [{ key: 'contacts', label: 'Kontakter' }], rows: values.map((entry, index) => ({ key: `r${index}`, label: `Række ${index}`, values: [entry] })) };
}

describe('horizontal bars', () => {
  test('bar lengths are proportional to the counts, on a round axis', () => {
    const layout = horizontalLayout(oneSeries([value(40), value(10), value(0)]), 5);
    expect(layout.axis.max).toBe(40);
    const [forty, ten, zero] = layout.bars;
    expect(forty?.solid.width).toBeCloseTo(layout.plot.width);
    expect(ten?.solid.width).toBeCloseTo(layout.plot.width / 4);
    expect(zero?.solid.width).toBe(0);
    expect(forty?.hatched).toBeNull();
    // Bars start at the plot's left edge; each value label sits just after its bar.
    for (const bar of layout.bars) {
      expect(bar.solid.x).toBe(layout.plot.x);
      expect(bar.label?.x).toBeCloseTo(bar.solid.x + bar.solid.width + 4);
    }
  });

  test('a hidden count has no solid bar, only a hatched one as long as k', () => {
    const layout = horizontalLayout(oneSeries([value(20), hidden]), 5);
    const bar = layout.bars[1];
    expect(bar?.value).toEqual(hidden);
    expect(bar?.solid.width).toBe(0);
    expect(bar?.hatched?.width).toBeCloseTo((5 / layout.axis.max) * layout.plot.width);
  });

  test('a partly hidden sum: its shown part solid, a hatched piece after it', () => {
    const layout = horizontalLayout(oneSeries([{ kind: 'partial', shown: 15, hiddenParts: 1 }]), 5);
    const bar = layout.bars[0];
    expect(layout.axis.max).toBe(20);
    expect(bar?.solid.width).toBeCloseTo((15 / 20) * layout.plot.width);
    expect(bar?.hatched?.x).toBeCloseTo((bar?.solid.x ?? 0) + (bar?.solid.width ?? 0));
  });

  test('series of a row are stacked under each other without overlapping, rows do not overlap', () => {
    const data: ChartData = {
      series: [
        { key: 'phone', label: 'Opkald' },
        { key: 'chat', label: 'Chat' },
      ],
      rows: [
        { key: 'a', label: 'A', values: [value(3), value(4)] },
        { key: 'b', label: 'B', values: [value(5), hidden] },
      ],
    };
    const layout = horizontalLayout(data, 5);
    const ys = layout.bars.map((bar) => bar.solid.y);
    for (let i = 1; i < ys.length; i++) expect(ys[i] as number).toBeGreaterThanOrEqual((ys[i - 1] as number) + (layout.bars[i - 1]?.solid.height ?? 0));
    expect(layout.bars.map((bar) => `${bar.row}/${bar.series}`)).toEqual(['a/phone', 'a/chat', 'b/phone', 'b/chat']);
    expect(layout.height).toBeGreaterThan((ys.at(-1) as number) + 14);
    expect(layout.rowLabels.map((label) => label.label)).toEqual(['A', 'B']);
  });
});

describe('columns', () => {
  test('columns rise from the baseline in proportion; ticks run from the baseline upwards', () => {
    const layout = columnLayout(oneSeries([value(10), value(5), value(0)]), 5);
    const baseline = layout.plot.y + layout.plot.height;
    const [ten, five] = layout.bars;
    expect(ten && ten.solid.y + ten.solid.height).toBeCloseTo(baseline);
    expect(ten?.solid.height).toBeCloseTo(layout.plot.height);
    expect(five?.solid.height).toBeCloseTo(layout.plot.height / 2);
    expect(layout.ticks[0]).toEqual({ value: 0, at: baseline });
    expect(layout.ticks.at(-1)?.at).toBeCloseTo(layout.plot.y);
  });

  test('a hidden column is hatched up to k; its label sits above it', () => {
    const layout = columnLayout(oneSeries([value(10), hidden]), 5);
    const bar = layout.bars[1];
    expect(bar?.solid.height).toBe(0);
    expect(bar?.hatched?.height).toBeCloseTo(layout.plot.height / 2);
    expect(bar?.label?.y).toBeLessThan(bar?.hatched?.y ?? 0);
  });

  test('24 hours × 2 channels keep labelled bars; a year of days drops bar labels and thins the axis labels', () => {
    const hours: ChartData = {
      series: [
        { key: 'phone', label: 'Opkald' },
        { key: 'chat', label: 'Chat' },
      ],
      rows: Array.from({ length: 24 }, (_, hour) => ({ key: String(hour), label: String(hour), values: [value(hour), value(1)] })),
    };
    const hourLayout = columnLayout(hours, 5);
    expect(hourLayout.bars.every((bar) => bar.label !== null)).toBe(true);
    expect(hourLayout.rowLabels).toHaveLength(24);

    const year = oneSeries(Array.from({ length: 366 }, (_, day) => value(day % 40)));
    const yearLayout = columnLayout(year, 5);
    expect(yearLayout.width).toBeLessThanOrEqual(1200);
    expect(yearLayout.bars.every((bar) => bar.label === null)).toBe(true);
    expect(yearLayout.rowLabels.length).toBeLessThan(40);
    // Labels never overlap: they are at least 36 units apart.
    const xs = yearLayout.rowLabels.map((label) => label.x);
    for (let i = 1; i < xs.length; i++) expect((xs[i] as number) - (xs[i - 1] as number)).toBeGreaterThanOrEqual(36);
  });
});
