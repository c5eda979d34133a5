import { useState } from 'react';
import type { AwayReason } from '../../shared/hub/presenceApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { clockTime } from '../records/recordText';
import { useAppStore } from '../store/appStore';
import { AwayReasonSelect } from './AwayReasonSelect';
import { awayReasonKey, presenceStateKey } from './presenceText';
import './presence.css';

/**
 * The counsellor's own status in the header: what the supervisors see, when the shift ends,
 * "Pause" (with a reason from a fixed list, so no free text travels) and "Tilgængelig".
 */
export function PresenceControls(): React.JSX.Element | null {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const shift = useAppStore((state) => state.shift);
  const pending = useAppStore((state) => state.presencePending);
  const error = useAppStore((state) => state.presenceError);
  const setAway = useAppStore((state) => state.setAway);
  const setAvailable = useAppStore((state) => state.setAvailable);
  const [choosing, setChoosing] = useState(false);
  const [reason, setReason] = useState<AwayReason>('break');
  if (shift.status !== 'on') return null;

  const stateText =
    shift.presence === 'away' && shift.awayReason
      ? t('presence.current.away', { state: t(presenceStateKey(shift.presence)), reason: t(awayReasonKey(shift.awayReason)) })
      : t('presence.current', { state: t(presenceStateKey(shift.presence)) });

  const confirmAway = (): void => {
    setChoosing(false);
    void setAway(reason);
  };

  return (
    <div className="presence-controls" role="group" aria-label={t('presence.controls')} data-testid="presence-controls">
      <p className={`presence-state presence-${shift.presence}`} data-testid="presence-state" data-state={shift.presence} aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {stateText}
      </p>
      <p className="shift-ends" data-testid="shift-ends" data-ends-at={shift.endsAt}>
        {t('shift.endsAt', { time: clockTime(locale, shift.endsAt) })}
      </p>
      <div className="presence-actions">
        {shift.presence === 'away' ? (
          <button type="button" data-testid="presence-available" disabled={pending} onClick={() => void setAvailable()}>
            {pending ? t('presence.pending') : t('presence.available')}
          </button>
        ) : choosing ? (
          <>
            <AwayReasonSelect label={t('presence.pause.reason')} testId="presence-away-reason" value={reason} onChange={setReason} />
            <button type="button" data-testid="presence-away-confirm" onClick={confirmAway}>
              {t('presence.pause.confirm')}
            </button>
            <button type="button" className="secondary" data-testid="presence-away-cancel" onClick={() => setChoosing(false)}>
              {t('presence.pause.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="secondary" data-testid="presence-away" disabled={pending || shift.pendingLogout !== null} onClick={() => setChoosing(true)}>
            {pending ? t('presence.pending') : t('presence.pause')}
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="presence-error" data-code={error}>
          {t('presence.failed', { reason: t(errorKey(error)) })}
        </p>
      )}
    </div>
  );
}
