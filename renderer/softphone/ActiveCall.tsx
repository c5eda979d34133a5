import { useEffect, useRef } from 'react';
import type { MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { AudioFlowLine } from './AudioFlowLine';
import { CallTimer } from './CallTimer';
import { DtmfKeypad } from './DtmfKeypad';
import { EmergencyControl } from './EmergencyControl';
import { MicLevel } from './MicLevel';
import { ReturningBadge } from './ReturningBadge';
import { shortcutKeys } from './shortcuts';

const phaseText: Record<'connecting' | 'active' | 'held', MessageKey> = {
  connecting: 'softphone.phase.connecting',
  active: 'softphone.phase.active',
  held: 'softphone.phase.held',
};

/** The call in progress: timer, hang up, hold, mute, keypad, emergency, and proof that audio flows. */
export function ActiveCall(props: { phase: 'connecting' | 'active' | 'held' }): React.JSX.Element {
  const t = useT();
  const call = useAppStore((state) => state.softphone.call);
  const hangUp = useAppStore((state) => state.hangUp);
  const setHold = useAppStore((state) => state.setHold);
  const setMuted = useAppStore((state) => state.setMuted);
  const hangUpButton = useRef<HTMLButtonElement>(null);
  const connected = props.phase !== 'connecting';

  // The Answer button that had focus is gone; put the keyboard user on Hang up, not on <body>.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) hangUpButton.current?.focus();
  }, []);

  return (
    <section className="active-call" aria-labelledby="call-title" data-testid="call" data-phase={props.phase}>
      <h3 id="call-title">{t(phaseText[props.phase])}</h3>
      <ReturningBadge />
      <CallTimer startedAt={call.startedAt} />
      {call.muted && (
        <p className="muted-warning" data-testid="muted">
          {t('softphone.muted')}
        </p>
      )}
      <div className="call-buttons">
        <button
          ref={hangUpButton}
          type="button"
          className="danger"
          onClick={hangUp}
          aria-keyshortcuts={shortcutKeys.hangup}
          data-testid="hangup"
        >
          {t('softphone.hangup')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => setHold(props.phase !== 'held')}
          disabled={!connected || call.holdPending}
          aria-keyshortcuts={shortcutKeys['toggle-hold']}
          data-testid="hold"
          data-state={props.phase === 'held' ? 'held' : 'active'}
        >
          {t(props.phase === 'held' ? 'softphone.resume' : 'softphone.hold')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => setMuted(!call.muted)}
          aria-keyshortcuts={shortcutKeys['toggle-mute']}
          data-testid="mute"
          data-state={call.muted ? 'muted' : 'live'}
        >
          {t(call.muted ? 'softphone.unmute' : 'softphone.mute')}
        </button>
      </div>
      <MicLevel />
      <DtmfKeypad enabled={props.phase === 'active'} sent={call.dtmfSent} />
      <EmergencyControl />
      {connected && <AudioFlowLine />}
    </section>
  );
}
