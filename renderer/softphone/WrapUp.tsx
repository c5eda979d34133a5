import { useEffect, useRef } from 'react';
import { useT } from '../i18n/useT';
import { recordBlocksReady } from '../records/recordsState';
import { useAppStore } from '../store/appStore';
import { EmergencyControl } from './EmergencyControl';
import { formatDuration } from './softphoneText';

/**
 * After each call: time to breathe and write the record. No call is offered until "Klar";
 * an emergency can still be flagged, since it often becomes clear only after the caller is gone.
 * "Klar" appears only once the call's record is stored or explicitly left as a draft (the form
 * is in the records panel); when records cannot be kept at all, there is nothing to wait for.
 */
export function WrapUp(): React.JSX.Element {
  const t = useT();
  const call = useAppStore((state) => state.softphone.call);
  const ready = useAppStore((state) => state.finishWrapUp);
  const recordOpen = useAppStore((state) => recordBlocksReady(state.records));
  const recordStarting = useAppStore((state) => state.records.starting);
  const readyButton = useRef<HTMLButtonElement>(null);
  // Keyboard users land on "Klar", not on <body>, when the call controls or the record form vanish.
  useEffect(() => {
    if (recordOpen) return;
    if (!document.activeElement || document.activeElement === document.body) readyButton.current?.focus();
  }, [recordOpen]);
  const duration = formatDuration((call.endedAt ?? 0) - (call.startedAt ?? 0));
  return (
    <section className="wrap-up" aria-labelledby="wrap-up-title" data-testid="wrap-up" data-ended-by={call.endedBy ?? undefined}>
      <h3 id="wrap-up-title">{t('softphone.wrapUp.title')}</h3>
      {call.endedBy && <p>{t(`softphone.wrapUp.${call.endedBy}`, { duration })}</p>}
      <p>{t('softphone.wrapUp.body')}</p>
      <EmergencyControl />
      {recordOpen ? (
        <p className="hint" data-testid="wrap-up-record-first">
          {t(recordStarting ? 'softphone.wrapUp.recordStarting' : 'softphone.wrapUp.recordFirst')}
        </p>
      ) : (
        <button ref={readyButton} type="button" className="answer" onClick={ready} data-testid="wrap-up-ready">
          {t('softphone.wrapUp.ready')}
        </button>
      )}
    </section>
  );
}
