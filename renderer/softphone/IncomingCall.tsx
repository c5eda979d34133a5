import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ReturningBadge } from './ReturningBadge';
import { shortcutKeys } from './shortcuts';

/**
 * The ringing call. Focus stays where it was: the counsellor may be typing a record, and a
 * focused Answer button would take the next space or Enter as an answer.
 */
export function IncomingCall(): React.JSX.Element {
  const t = useT();
  const answer = useAppStore((state) => state.answerCall);
  const reject = useAppStore((state) => state.rejectCall);
  return (
    <section className="incoming-call" role="alert" aria-labelledby="incoming-title" data-testid="incoming-call">
      <h3 id="incoming-title">{t('softphone.incoming')}</h3>
      <ReturningBadge />
      <div className="call-buttons">
        <button type="button" className="answer" onClick={answer} aria-keyshortcuts={shortcutKeys.answer} data-testid="answer">
          {t('softphone.answer')}
        </button>
        <button type="button" className="danger" onClick={reject} aria-keyshortcuts={shortcutKeys.hangup} data-testid="reject">
          {t('softphone.reject')}
        </button>
      </div>
    </section>
  );
}
