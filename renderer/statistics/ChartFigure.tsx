import { useId } from 'react';
import type { Locale } from '../../shared/contract/schemas';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { BarChart, type ChartOrientation } from './BarChart';
import { chartValues, hasHidden, type ChartData } from './chartModel';
import { formatCount, valueDescription, valueText } from './chartText';

/**
 * A titled chart with what makes it readable without seeing it: a legend for the series and
 * for hidden counts, and the same numbers as a table (for screen readers, and for anyone who
 * wants the figures).
 */
export function ChartFigure(props: {
  id: string;
  title: string;
  note?: string;
  rowHeader: string;
  data: ChartData;
  k: number;
  orientation: ChartOrientation;
}): React.JSX.Element {
  const t = useT();
  const locale: Locale = useAppStore((state) => state.locale);
  const titleId = useId();
  const { data, k } = props;
  const values = chartValues(data);
  const hidden = hasHidden(values);
  const partial = values.some((value) => value.kind === 'partial');

  return (
    <figure className={`stat-figure stat-figure-${props.orientation}`} data-testid={`chart-${props.id}`} aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{props.title}</h3>
        {props.note && <p className="hint">{props.note}</p>}
      </figcaption>
      {data.series.length > 1 && (
        <ul className="stat-legend" aria-label={t('statistics.legend.series')}>
          {data.series.map((series, index) => (
            <li key={series.key}>
              <span className={`swatch series-${index}`} aria-hidden="true" />
              {series.label}
            </li>
          ))}
        </ul>
      )}
      <BarChart data={data} k={k} orientation={props.orientation} titleId={titleId} />
      {hidden && (
        <ul className="stat-legend stat-legend-hidden" data-testid="hidden-legend">
          <li>
            <span className="swatch swatch-hidden" aria-hidden="true" />
            {t('statistics.legend.hidden', { k: formatCount(locale, k) })}
          </li>
          {partial && <li>{t('statistics.legend.partial')}</li>}
        </ul>
      )}
      <details className="stat-table">
        <summary>{t('statistics.table.show')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.rowHeader}</th>
              {data.series.map((series) => (
                <th scope="col" key={series.key}>
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.values.map((value, index) => (
                  <td key={data.series[index]?.key ?? index} data-row={row.key} data-series={data.series[index]?.key} data-kind={value.kind}>
                    {value.kind === 'value' ? valueText(value, k, locale, t) : <abbr title={valueDescription(value, k, locale, t)}>{valueText(value, k, locale, t)}</abbr>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
