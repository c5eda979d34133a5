import { useEffect } from 'react';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { CannedRepliesEditor } from './CannedRepliesEditor';
import { ScheduleEditor } from './ScheduleEditor';
import './chatSettings.css';

/**
 * "Chat" in the supervisor area, for administrators: the canned replies counsellors insert, and
 * the chat's opening hours with exceptions (holidays). Each part is saved on its own; the hub
 * checks again and changes nothing when it refuses.
 */
export function ChatSettingsView(): React.JSX.Element {
  const t = useT();
  const settings = useAppStore((state) => state.chatSettings);
  const load = useAppStore((state) => state.loadChatSettings);
  useEffect(() => {
    void load();
  }, [load]);
  const { status, error, schedule, replies, loaded } = settings;

  return (
    <section className="panel chat-settings" aria-labelledby="chat-settings-title" data-testid="chat-settings" data-state={status}>
      <h2 id="chat-settings-title">{t('chatSettings.title')}</h2>
      {status === 'loading' && (
        <p role="status" className="hint">
          {t('chatSettings.loading')}
        </p>
      )}
      {status === 'failed' && error && (
        <div className="error" role="alert" data-testid="chat-settings-load-error" data-code={error}>
          <p>{t('chatSettings.loadFailed', { reason: t(errorKey(error)) })}</p>
          <button type="button" onClick={() => void load()}>
            {t('chatSettings.retry')}
          </button>
        </div>
      )}
      {schedule && (
        <>
          <CannedRepliesEditor key={`replies-${loaded}`} initial={replies} />
          <ScheduleEditor key={`schedule-${loaded}`} view={schedule} />
        </>
      )}
    </section>
  );
}
