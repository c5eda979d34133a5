import { useId } from 'react';
import type { Locale } from '../../shared/contract/schemas';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { columnLayout, horizontalLayout } from './chartLayout';
import type { ChartData } from './chartModel';
import { formatCount, valueDescription, valueText } from './chartText';

export type ChartOrientation = 'rows' | 'columns';

/**
 * One chart as SVG: a bar is a rect (no chart library). Published counts are solid bars in the
 * series' colour; hidden counts are hatched and labelled "<k", never with a number. Colours
 * and the hatch come from statistics.css (the CSP allows no inline styles).
 */
export function BarChart(props: { data: ChartData; k: number; orientation: ChartOrientation; titleId: string }): React.JSX.Element {
  const t = useT();
  const locale: Locale = useAppStore((state) => state.locale);
  const hatchId = `hatch-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const { data, k, orientation } = props;
  const layout = orientation === 'rows' ? horizontalLayout(data, k) : columnLayout(data, k);
  const rowLabel = new Map(data.rows.map((row) => [row.key, row.label]));
  const seriesLabel = new Map(data.series.map((series) => [series.key, series.label]));
  const { plot } = layout;

  return (
    <svg
      className={`stat-chart stat-chart-${orientation}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      // Drawn at its own size, shrunk (never blown up) to fit a narrow column: text stays legible.
      width={layout.width}
      height={layout.height}
      role="img"
      aria-labelledby={props.titleId}
      preserveAspectRatio="xMinYMin meet"
    >
      <defs>
        <pattern id={hatchId} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect className="hatch-ground" width="6" height="6" />
          <line className="hatch-line" x1="0" y1="0" x2="0" y2="6" strokeWidth="3" />
        </pattern>
      </defs>
      <g className="stat-grid" aria-hidden="true">
        {layout.ticks.map((tick) =>
          orientation === 'rows' ? (
            <g key={tick.value}>
              <line x1={tick.at} x2={tick.at} y1={plot.y} y2={plot.y + plot.height} />
              <text x={tick.at} y={plot.y + plot.height + 14} textAnchor="middle">
                {formatCount(locale, tick.value)}
              </text>
            </g>
          ) : (
            <g key={tick.value}>
              <line x1={plot.x} x2={plot.x + plot.width} y1={tick.at} y2={tick.at} />
              <text x={plot.x - 6} y={tick.at} textAnchor="end" dominantBaseline="middle">
                {formatCount(locale, tick.value)}
              </text>
            </g>
          ),
        )}
      </g>
      <g className="stat-row-labels" aria-hidden="true">
        {layout.rowLabels.map((label) => (
          <text
            key={label.key}
            x={label.x}
            y={label.y}
            textAnchor={orientation === 'rows' ? 'end' : 'middle'}
            dominantBaseline={orientation === 'rows' ? 'middle' : 'auto'}
          >
            {label.label}
          </text>
        ))}
      </g>
      {layout.bars.map((bar) => (
        <g
          key={`${bar.row}|${bar.series}`}
          className={`stat-bar series-${bar.seriesIndex}`}
          data-testid="stat-bar"
          data-row={bar.row}
          data-series={bar.series}
          data-kind={bar.value.kind}
        >
          <title>
            {t('statistics.bar', {
              row: rowLabel.get(bar.row) ?? bar.row,
              series: seriesLabel.get(bar.series) ?? bar.series,
              value: valueDescription(bar.value, k, locale, t),
            })}
          </title>
          {bar.solid.width > 0 && bar.solid.height > 0 && <rect className="bar-solid" {...bar.solid} />}
          {bar.hatched && <rect className="bar-hidden" fill={`url(#${hatchId})`} {...bar.hatched} />}
          {bar.label && (
            <text className="bar-label" x={bar.label.x} y={bar.label.y} textAnchor={bar.label.anchor} dominantBaseline={orientation === 'rows' ? 'middle' : 'auto'}>
              {valueText(bar.value, k, locale, t)}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
