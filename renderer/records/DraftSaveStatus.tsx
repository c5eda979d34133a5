import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { clockTime } from './recordText';

/** "Kladde gemt kl. 14.03": every change is in the encrypted store, and the counsellor can see it. */
export function DraftSaveStatus(): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const save = useAppStore((state) => state.records.save);
  const retry = useAppStore((state) => state.retryDraftSave);
  return (
    <div className="draft-save" data-testid="draft-save" data-state={save.state}>
      <p role="status">
        {save.state === 'saving' && t('records.save.saving')}
        {save.state === 'saved' && t('records.save.saved', { time: clockTime(locale, save.at) })}
        {save.state === 'failed' && <span className="error">{t('records.save.failed', { reason: t(errorKey(save.error)) })}</span>}
      </p>
      {save.state === 'failed' && (
        <button type="button" className="secondary" onClick={retry}>
          {t('records.retry')}
        </button>
      )}
    </div>
  );
}
