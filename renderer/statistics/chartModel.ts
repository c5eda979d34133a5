import { isSuppressed, type StatisticsCell } from '../../shared/hub/statisticsApi';

/**
 * What one bar shows. The hub hides small counts (I8); the renderer must neither undo that nor
 * pretend a hidden count is a number:
 * * `value`: a published count.
 * * `hidden`: a count the hub suppressed. Drawn hatched, labelled "<k", never with a number.
 * * `partial`: a sum the renderer formed over report cells, some of them hidden (e.g. an hour of
 *   the day over a week's days). Its exact value is unknown; what is known from published
 *   numbers alone is a lower bound (the shown parts, plus at least 1 per hidden part, since the
 *   hub shows zeros). Labelled "≥ n".
 */
export type ChartValue = { kind: 'value'; value: number } | { kind: 'hidden' } | { kind: 'partial'; shown: number; hiddenParts: number };

export function chartValueOf(cell: StatisticsCell): ChartValue {
  return isSuppressed(cell) ? { kind: 'hidden' } : { kind: 'value', value: cell.value };
}

/** The sum of report cells; exact only when none of them is hidden. */
export function sumOfCells(cells: readonly StatisticsCell[]): ChartValue {
  let shown = 0;
  let hiddenParts = 0;
  for (const cell of cells) {
    if (isSuppressed(cell)) hiddenParts += 1;
    else shown += cell.value;
  }
  if (hiddenParts === 0) return { kind: 'value', value: shown };
  // One hidden cell beside zeros is exactly that cell: hidden, like it.
  if (hiddenParts === 1 && shown === 0) return { kind: 'hidden' };
  return { kind: 'partial', shown, hiddenParts };
}

/** The smallest count the bar can stand for. */
export function lowerBound(value: ChartValue): number {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'hidden':
      return 1;
    case 'partial':
      return value.shown + value.hiddenParts;
  }
}

export function hasHidden(values: Iterable<ChartValue>): boolean {
  for (const value of values) if (value.kind !== 'value') return true;
  return false;
}

/** How a bar is labelled: the number, "<k" (hidden) or "≥ n" (partly hidden). */
export type BarLabel = { kind: 'value'; value: number } | { kind: 'hidden'; k: number } | { kind: 'partial'; atLeast: number };

export function barLabel(value: ChartValue, k: number): BarLabel {
  switch (value.kind) {
    case 'value':
      return { kind: 'value', value: value.value };
    case 'hidden':
      return { kind: 'hidden', k };
    case 'partial':
      return { kind: 'partial', atLeast: lowerBound(value) };
  }
}

/** An axis that ends on a round number: steps of 1, 2 or 5 × 10ⁿ, about four of them. */
export interface Axis {
  max: number;
  step: number;
  ticks: number[];
}

function roundStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) if (factor * magnitude >= rough) return factor * magnitude;
  return 10 * magnitude;
}

export function niceAxis(largest: number, steps = 4): Axis {
  const top = Math.max(1, largest);
  const step = Math.max(1, roundStep(top / steps));
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
  return { max, step, ticks };
}

/**
 * The extent a bar is drawn to, in axis units: a hidden bar as far as k (the hatch says "small,
 * or hidden to protect a small one"), a partial one to its shown part plus a hatched piece of k.
 */
export function barExtent(value: ChartValue, k: number): { solid: number; hatched: number } {
  switch (value.kind) {
    case 'value':
      return { solid: value.value, hatched: 0 };
    case 'hidden':
      return { solid: 0, hatched: k };
    case 'partial':
      return { solid: value.shown, hatched: k };
  }
}

/** The axis that fits every bar of a chart. */
export function axisFor(values: Iterable<ChartValue>, k: number): Axis {
  let largest = 0;
  for (const value of values) {
    const extent = barExtent(value, k);
    largest = Math.max(largest, extent.solid + extent.hatched);
  }
  return niceAxis(largest);
}

/** A length in pixels for `amount` axis units, on an axis `length` pixels long. */
export function scale(amount: number, axis: Axis, length: number): number {
  return (Math.max(0, amount) / axis.max) * length;
}

/** One chart's data: rows (categories, hours, days) × series (channels, …), labels resolved. */
export interface ChartSeries {
  key: string;
  label: string;
}
export interface ChartRow {
  key: string;
  label: string;
  /** One per series, in the order of `series`. */
  values: ChartValue[];
}
export interface ChartData {
  series: ChartSeries[];
  rows: ChartRow[];
}

export function chartValues(data: ChartData): ChartValue[] {
  return data.rows.flatMap((row) => row.values);
}
