import { axisFor, barExtent, chartValues, scale, type Axis, type ChartData, type ChartValue } from './chartModel';

/**
 * Where every bar, label and tick of a chart goes, in SVG user units. Pure, so the scaling is
 * tested without a DOM; the chart components only draw what this returns.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarGeometry {
  row: string;
  series: string;
  seriesIndex: number;
  value: ChartValue;
  /** The published part; width (or height) 0 for a hidden count. */
  solid: Rect;
  /** The hatched part standing for hidden counts; null when nothing is hidden. */
  hatched: Rect | null;
  /** Where the value text goes; null when the bar is too narrow to carry one (the table has it). */
  label: { x: number; y: number; anchor: 'start' | 'middle' } | null;
}

export interface ChartLayout {
  width: number;
  height: number;
  axis: Axis;
  plot: Rect;
  bars: BarGeometry[];
  /** Category (or time) labels along the non-value axis. */
  rowLabels: { key: string; label: string; x: number; y: number }[];
  /** Value ticks: their position along the value axis. */
  ticks: { value: number; at: number }[];
}

const H = { width: 640, labelWidth: 210, valueWidth: 64, barHeight: 14, barGap: 2, groupGap: 10, top: 6, axisHeight: 22 };

/** Categories down the side, bars to the right (topics, age bands, …). */
export function horizontalLayout(data: ChartData, k: number): ChartLayout {
  const axis = axisFor(chartValues(data), k);
  const series = Math.max(1, data.series.length);
  const groupHeight = series * (H.barHeight + H.barGap) - H.barGap;
  const pitch = groupHeight + H.groupGap;
  const plot: Rect = { x: H.labelWidth, y: H.top, width: H.width - H.labelWidth - H.valueWidth, height: Math.max(0, data.rows.length * pitch - H.groupGap) };
  const bars: BarGeometry[] = [];
  const rowLabels: ChartLayout['rowLabels'] = [];
  data.rows.forEach((row, rowIndex) => {
    const groupY = plot.y + rowIndex * pitch;
    rowLabels.push({ key: row.key, label: row.label, x: plot.x - 8, y: groupY + groupHeight / 2 });
    row.values.forEach((value, seriesIndex) => {
      const y = groupY + seriesIndex * (H.barHeight + H.barGap);
      const extent = barExtent(value, k);
      const solidWidth = scale(extent.solid, axis, plot.width);
      const hatchedWidth = scale(extent.hatched, axis, plot.width);
      bars.push({
        row: row.key,
        series: data.series[seriesIndex]?.key ?? String(seriesIndex),
        seriesIndex,
        value,
        solid: { x: plot.x, y, width: solidWidth, height: H.barHeight },
        hatched: extent.hatched > 0 ? { x: plot.x + solidWidth, y, width: hatchedWidth, height: H.barHeight } : null,
        label: { x: plot.x + solidWidth + hatchedWidth + 4, y: y + H.barHeight / 2, anchor: 'start' },
      });
    });
  });
  return {
    width: H.width,
    height: plot.y + plot.height + H.axisHeight,
    axis,
    plot,
    bars,
    rowLabels,
    ticks: axis.ticks.map((value) => ({ value, at: plot.x + scale(value, axis, plot.width) })),
  };
}

const V = { minWidth: 640, maxWidth: 1200, left: 40, right: 8, top: 18, plotHeight: 180, bottom: 26, preferredBar: 16, minLabelledBar: 13, labelSpacing: 36 };

/** Time along the bottom, columns upwards (hours of the day, days). */
export function columnLayout(data: ChartData, k: number): ChartLayout {
  const axis = axisFor(chartValues(data), k);
  const series = Math.max(1, data.series.length);
  const rows = Math.max(1, data.rows.length);
  const width = Math.min(V.maxWidth, Math.max(V.minWidth, V.left + V.right + rows * (series * V.preferredBar + 8)));
  const plot: Rect = { x: V.left, y: V.top, width: width - V.left - V.right, height: V.plotHeight };
  const pitch = plot.width / rows;
  const barWidth = (pitch * 0.8) / series;
  const baseline = plot.y + plot.height;
  // Every n-th time label, so they never overlap.
  const every = Math.max(1, Math.ceil(rows / Math.max(1, Math.floor(plot.width / V.labelSpacing))));
  const bars: BarGeometry[] = [];
  const rowLabels: ChartLayout['rowLabels'] = [];
  data.rows.forEach((row, rowIndex) => {
    const groupX = plot.x + rowIndex * pitch + pitch * 0.1;
    if (rowIndex % every === 0) rowLabels.push({ key: row.key, label: row.label, x: plot.x + rowIndex * pitch + pitch / 2, y: baseline + 16 });
    row.values.forEach((value, seriesIndex) => {
      const x = groupX + seriesIndex * barWidth;
      const extent = barExtent(value, k);
      const solidHeight = scale(extent.solid, axis, plot.height);
      const hatchedHeight = scale(extent.hatched, axis, plot.height);
      const top = baseline - solidHeight - hatchedHeight;
      bars.push({
        row: row.key,
        series: data.series[seriesIndex]?.key ?? String(seriesIndex),
        seriesIndex,
        value,
        solid: { x, y: baseline - solidHeight, width: barWidth, height: solidHeight },
        hatched: extent.hatched > 0 ? { x, y: top, width: barWidth, height: hatchedHeight } : null,
        label: barWidth >= V.minLabelledBar ? { x: x + barWidth / 2, y: top - 3, anchor: 'middle' } : null,
      });
    });
  });
  return {
    width,
    height: baseline + V.bottom,
    axis,
    plot,
    bars,
    rowLabels,
    ticks: axis.ticks.map((value) => ({ value, at: baseline - scale(value, axis, plot.height) })),
  };
}
