import { statisticsExportFormats, type StatisticsExportFormat } from '../../shared/hub/statisticsApi';
import { errorKey, type MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

const formatKey = (format: StatisticsExportFormat): MessageKey => `statistics.export.${format}`;

/** "Eksportér CSV" / "Eksportér Excel": the main process saves the hub's file; we show its name. */
export function ExportButtons(props: { disabled: boolean }): React.JSX.Element {
  const t = useT();
  const exporting = useAppStore((state) => state.statistics.exporting);
  const exported = useAppStore((state) => state.statistics.exported);
  const exportError = useAppStore((state) => state.statistics.exportError);
  const exportStatistics = useAppStore((state) => state.exportStatistics);

  return (
    <section className="stat-export" aria-labelledby="stat-export-title">
      <h3 id="stat-export-title">{t('statistics.export')}</h3>
      <div className="stat-export-buttons">
        {statisticsExportFormats.map((format) => (
          <button
            type="button"
            key={format}
            disabled={props.disabled || exporting !== null}
            data-testid={`stat-export-${format}`}
            onClick={() => void exportStatistics(format)}
          >
            {exporting === format ? t('statistics.export.pending') : t(formatKey(format))}
          </button>
        ))}
      </div>
      <p
        role="status"
        data-testid="stat-export-status"
        data-state={exportError ? 'failed' : exported ? (exported.fileName ? 'saved' : 'cancelled') : 'idle'}
        data-file-name={exported?.fileName ?? undefined}
      >
        {exportError
          ? t('statistics.export.failed', { reason: t(errorKey(exportError)) })
          : exported
            ? exported.fileName
              ? t('statistics.export.saved', { fileName: exported.fileName })
              : t('statistics.export.cancelled')
            : ''}
      </p>
    </section>
  );
}
