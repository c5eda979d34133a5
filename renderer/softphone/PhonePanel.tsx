import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ActiveCall } from './ActiveCall';
import { DeviceSettings } from './DeviceSettings';
import { IncomingCall } from './IncomingCall';
import { RegistrationStatus } from './RegistrationStatus';
import type { CallPhase } from './softphoneState';
import { SoftphoneMessages } from './SoftphoneMessages';
import { useHeadsetButtons } from './useHeadsetButtons';
import { useSoftphoneShortcuts } from './useSoftphoneShortcuts';
import { WrapUp } from './WrapUp';
import './softphone.css';

/**
 * The "Telefon" panel. Mounting it (a counsellor's shift has begun) starts the softphone;
 * unmounting it (logout) hangs up, unregisters and forgets the call.
 */
export function PhonePanel(): React.JSX.Element {
  const t = useT();
  const start = useAppStore((state) => state.startSoftphone);
  const stop = useAppStore((state) => state.stopSoftphone);
  const phase = useAppStore((state) => state.softphone.call.phase);
  useEffect(() => {
    start();
    return () => void stop();
  }, [start, stop]);
  useSoftphoneShortcuts();
  useHeadsetButtons();

  return (
    <div className="phone-panel" data-testid="phone-panel">
      <RegistrationStatus />
      <SoftphoneMessages />
      <CallArea phase={phase} />
      <DeviceSettings inCall={phase === 'connecting' || phase === 'active' || phase === 'held'} />
      <p className="hint">{t('softphone.shortcuts')}</p>
    </div>
  );
}

function CallArea(props: { phase: CallPhase }): React.JSX.Element | null {
  switch (props.phase) {
    case 'idle':
      return null;
    case 'ringing':
      return <IncomingCall />;
    case 'connecting':
    case 'active':
    case 'held':
      return <ActiveCall phase={props.phase} />;
    case 'wrap-up':
      return <WrapUp />;
  }
}
