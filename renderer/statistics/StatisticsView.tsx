import { useEffect } from 'react';
import type { Locale } from '../../shared/contract/schemas';
import type { StatisticsReport } from '../../shared/hub/statisticsApi';
import { errorKey, type MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { topicLabel } from '../records/recordText';
import { useAppStore } from '../store/appStore';
import type { ChartOrientation } from './BarChart';
import { ChartFigure } from './ChartFigure';
import { formatCount, longDay, shortDay, valueDescription, valueText } from './chartText';
import { ExportButtons } from './ExportButtons';
import { presetPeriod } from './period';
import { PeriodPicker } from './PeriodPicker';
import { reportCharts, reportTotals, type ChartId, type ReportLabels } from './reportCharts';
import { defaultTopics } from '../../shared/records/recordPolicy';
import './statistics.css';

/** How each chart is titled and drawn. */
const chartText: Record<ChartId, { title: MessageKey; note?: MessageKey; rowHeader: MessageKey; orientation: ChartOrientation }> = {
  hours: { title: 'statistics.chart.hours', note: 'statistics.chart.hours.note', rowHeader: 'statistics.header.hour', orientation: 'columns' },
  days: { title: 'statistics.chart.days', rowHeader: 'statistics.header.day', orientation: 'columns' },
  topics: { title: 'statistics.chart.topics', note: 'statistics.chart.topics.note', rowHeader: 'records.field.topics', orientation: 'rows' },
  ageBands: { title: 'statistics.chart.ageBands', rowHeader: 'records.field.ageBand', orientation: 'rows' },
  genders: { title: 'statistics.chart.genders', rowHeader: 'records.field.gender', orientation: 'rows' },
  outcomes: { title: 'statistics.chart.outcomes', rowHeader: 'records.field.outcome', orientation: 'rows' },
  contactTypes: { title: 'statistics.chart.contactTypes', rowHeader: 'records.field.contactType', orientation: 'rows' },
  referrals: { title: 'statistics.chart.referrals', rowHeader: 'records.field.referral', orientation: 'rows' },
  returning: { title: 'statistics.chart.returning', rowHeader: 'statistics.header.channel', orientation: 'rows' },
  unique: { title: 'statistics.chart.unique', note: 'statistics.chart.unique.note', rowHeader: 'statistics.header.day', orientation: 'columns' },
};

/**
 * "Statistik" in the supervisor area: the hub's anonymous report for a period, as totals and
 * charts, with CSV and Excel exports. Everything shown comes from the hub's report as it is;
 * small counts were hidden there and stay hidden here.
 */
export function StatisticsView(): React.JSX.Element {
  const t = useT();
  const view = useAppStore((state) => state.statistics);
  const loadStatistics = useAppStore((state) => state.loadStatistics);
  const { period, status, report, error } = view;

  // The view opens on the last 7 days.
  useEffect(() => {
    if (!period) void loadStatistics(presetPeriod('last7', new Date()));
  }, [period, loadStatistics]);

  return (
    <section className="panel statistics" aria-labelledby="statistics-title" data-testid="statistics" data-state={status}>
      <h2 id="statistics-title">{t('statistics.title')}</h2>
      <p className="hint">{t('statistics.intro')}</p>
      <PeriodPicker period={period} busy={status === 'loading'} onChoose={(chosen) => void loadStatistics(chosen)} />
      {status === 'loading' && (
        <p role="status" className="hint">
          {t('statistics.loading')}
        </p>
      )}
      {status === 'failed' && error && (
        <div className="error" role="alert" data-testid="statistics-error" data-code={error}>
          <p>{t('statistics.loadFailed', { reason: t(errorKey(error)) })}</p>
          {period && (
            <button type="button" onClick={() => void loadStatistics({ ...period })}>
              {t('statistics.retry')}
            </button>
          )}
        </div>
      )}
      {report && <ReportBody report={report} busy={status === 'loading'} />}
    </section>
  );
}

function ReportBody(props: { report: StatisticsReport; busy: boolean }): React.JSX.Element {
  const t = useT();
  const locale: Locale = useAppStore((state) => state.locale);
  const topics = useAppStore((state) => state.statistics.topics);
  const { report } = props;
  const labels: ReportLabels = {
    t,
    topic: (code) => topicLabel(topics.length > 0 ? topics : defaultTopics, code, locale),
    day: (day) => shortDay(locale, day),
  };
  const k = report.k;

  return (
    <div className="stat-report" aria-busy={props.busy} data-testid="stat-report" data-from={report.period.from} data-to={report.period.to}>
      <p className="stat-shown" data-testid="stat-shown">
        {t('statistics.shown', {
          from: longDay(locale, report.period.from),
          to: longDay(locale, report.period.to),
          timeZone: report.timeZone,
          k: formatCount(locale, k),
        })}
      </p>
      <dl className="stat-totals" data-testid="stat-totals">
        {reportTotals(report, labels).map((total) => (
          <div key={total.key} className="stat-total" data-testid={`stat-total-${total.key}`} data-kind={total.value.kind}>
            <dt>{total.label}</dt>
            <dd>
              {total.value.kind === 'value' ? (
                valueText(total.value, k, locale, t)
              ) : (
                <abbr title={valueDescription(total.value, k, locale, t)}>{valueText(total.value, k, locale, t)}</abbr>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <ExportButtons disabled={props.busy} />
      <div className="stat-charts">
        {reportCharts(report, labels).map(({ id, data }) => {
          const text = chartText[id];
          return (
            <ChartFigure
              key={id}
              id={id}
              title={t(text.title)}
              {...(text.note ? { note: t(text.note) } : {})}
              rowHeader={t(text.rowHeader)}
              data={data}
              k={k}
              orientation={text.orientation}
            />
          );
        })}
      </div>
    </div>
  );
}
