import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { registrationKey, registrationProblemKey, secondsUntil } from './softphoneText';
import { useNow } from './useNow';

/** Whether calls can reach the counsellor, and if not, why and when Tavs tries again. */
export function RegistrationStatus(): React.JSX.Element {
  const t = useT();
  const registration = useAppStore((state) => state.softphone.registration);
  const problem = useAppStore((state) => state.softphone.registrationProblem);
  const retryAt = useAppStore((state) => state.softphone.retryAt);
  const retry = useAppStore((state) => state.retryRegistration);
  const now = useNow(retryAt !== null);
  const text =
    registration === 'retrying' && retryAt !== null
      ? t('softphone.registration.retrying', { seconds: String(secondsUntil(retryAt, now)) })
      : t(registrationKey(registration));
  return (
    <div className="softphone-status">
      <p role="status" className={`registration registration-${registration}`} data-testid="softphone-status" data-state={registration}>
        <span className="dot" aria-hidden="true" />
        {text}
      </p>
      {problem && registration !== 'registered' && (
        <p className="error" data-testid="softphone-problem" data-problem={problem}>
          {t(registrationProblemKey(problem))}
        </p>
      )}
      {registration === 'retrying' && (
        <button type="button" className="secondary" onClick={retry} data-testid="retry-now">
          {t('softphone.retryNow')}
        </button>
      )}
    </div>
  );
}
