import { useT } from '../i18n/useT';
import { formatDuration } from './softphoneText';
import { useNow } from './useNow';

/** Talk time since the answer; frozen at `endedAt` once the call is over. */
export function CallTimer(props: { startedAt: number | null; endedAt?: number | null }): React.JSX.Element | null {
  const t = useT();
  const running = props.startedAt !== null && !props.endedAt;
  const now = useNow(running);
  if (props.startedAt === null) return null;
  const elapsed = (props.endedAt ?? Math.max(now, props.startedAt)) - props.startedAt;
  return (
    <p className="call-timer">
      <span>{t('softphone.timer')}: </span>
      <time role="timer" data-testid="call-timer" dateTime={`PT${Math.floor(elapsed / 1000)}S`}>
        {formatDuration(elapsed)}
      </time>
    </p>
  );
}
