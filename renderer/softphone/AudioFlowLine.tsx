import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

/** Packets in and out, refreshed every second: the counsellor (and the tests) see that audio flows. */
export function AudioFlowLine(): React.JSX.Element {
  const t = useT();
  const audio = useAppStore((state) => state.softphone.call.audio);
  const received = audio?.packetsReceived ?? 0;
  const sent = audio?.packetsSent ?? 0;
  return (
    <p className="audio-flow" data-testid="audio-stats" data-received={received} data-sent={sent}>
      {t('softphone.audio', { received: String(received), sent: String(sent) })}
    </p>
  );
}
