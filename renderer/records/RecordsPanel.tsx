import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { RecordForm } from './RecordForm';
import { RecordsUnavailable } from './RecordsUnavailable';
import { ShiftRecords } from './ShiftRecords';
import './records.css';

/**
 * The "Kontaktregistrering" panel: the form of the contact just ended (or a resumed draft), and
 * this shift's records. When the encrypted store cannot be used, a clear message takes its place.
 */
export function RecordsPanel(): React.JSX.Element {
  const t = useT();
  const load = useAppStore((state) => state.loadRecords);
  const status = useAppStore((state) => state.records.status);
  const policy = useAppStore((state) => state.records.policy);
  const draft = useAppStore((state) => state.records.draft);
  const shift = useAppStore((state) => state.records.shift);
  const startError = useAppStore((state) => state.records.startError);
  const loadError = useAppStore((state) => state.records.loadError);
  const lastStored = useAppStore((state) => state.records.lastStored);
  // The workspace loads the store's status (it blocks the desk when the store is unusable).
  if (status?.state === 'unavailable') return <RecordsUnavailable problem={status.problem} />;
  return (
    <div className="records-panel" data-testid="records-panel" data-state={status?.state ?? 'unknown'}>
      {startError && (
        <p className="error" role="alert" data-testid="record-start-error">
          {t('records.startFailed')} {t(errorKey(startError))}
        </p>
      )}
      {loadError && (
        <p className="error" role="alert">
          {t('records.loadFailed')} {t(errorKey(loadError))}{' '}
          <button type="button" className="secondary" onClick={() => void load()}>
            {t('records.retry')}
          </button>
        </p>
      )}
      {(!status || status.state === 'opening' || (status.state === 'ready' && !policy)) && !loadError && <p role="status">{t('records.loading')}</p>}
      {draft && policy && <RecordForm draft={draft} policy={policy} />}
      {!draft && lastStored && (
        <p className="stored" role="status" data-testid="record-stored">
          {t('records.stored')}
        </p>
      )}
      {shift && policy && <ShiftRecords records={shift.records} drafts={shift.drafts} topics={policy.topics} />}
    </div>
  );
}
