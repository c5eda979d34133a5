import { useState } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

/**
 * Flags an emergency (afværgepligt): the main process records the provider's reference to the
 * call and answers with a local code the counsellor can quote. Two steps, because the flag
 * sets an outside process going, and a stray click must not do that.
 */
export function EmergencyControl(): React.JSX.Element {
  const t = useT();
  const emergency = useAppStore((state) => state.softphone.call.emergency);
  const reference = useAppStore((state) => state.softphone.call.emergencyReference);
  const available = useAppStore((state) => state.softphone.call.emergencyAvailable);
  const flag = useAppStore((state) => state.flagEmergency);
  const [confirming, setConfirming] = useState(false);

  if (emergency === 'flagged' && reference) {
    return (
      <p className="emergency-reference" role="status" data-testid="emergency-reference" data-reference={reference}>
        {t('softphone.emergency.flagged', { reference })}
      </p>
    );
  }
  if (emergency === 'pending') return <p role="status">{t('softphone.emergency.pending')}</p>;
  return (
    <div className="emergency">
      {!available && <p className="warning">{t('softphone.emergency.unavailable')}</p>}
      {confirming ? (
        <div role="group" aria-label={t('softphone.emergency')}>
          <p>{t('softphone.emergency.explain')}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(false);
              void flag();
            }}
            data-testid="emergency-confirm"
          >
            {t('softphone.emergency.confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('softphone.emergency.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="danger outline" onClick={() => setConfirming(true)} data-testid="emergency">
          {t('softphone.emergency')}
        </button>
      )}
    </div>
  );
}
