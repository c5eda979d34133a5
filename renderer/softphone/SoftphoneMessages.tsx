import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { microphoneProblemKey, noticeKey } from './softphoneText';

/** The last thing that went wrong with a call, and any microphone problem, until dealt with. */
export function SoftphoneMessages(): React.JSX.Element {
  const t = useT();
  const notice = useAppStore((state) => state.softphone.notice);
  const microphone = useAppStore((state) => state.softphone.microphoneProblem);
  const dismiss = useAppStore((state) => state.dismissNotice);
  return (
    <>
      {microphone && (
        <p className="error" role="alert" data-testid="microphone-problem" data-problem={microphone}>
          {t(microphoneProblemKey(microphone))}
        </p>
      )}
      {notice && (
        <div className="notice" role="alert" data-testid="softphone-notice" data-notice={notice}>
          <p>{t(noticeKey(notice))}</p>
          <button type="button" className="secondary" onClick={dismiss} aria-label={t('softphone.notice.dismiss')}>
            ×
          </button>
        </div>
      )}
    </>
  );
}
