import { awayReasons, type AwayReason } from '../../shared/hub/presenceApi';
import { useT } from '../i18n/useT';
import { awayReasonKey } from './presenceText';

/** The labelled choice of why someone is away: the counsellor's own pause and a supervisor's order. */
export function AwayReasonSelect(props: { label: string; testId: string; value: AwayReason; onChange: (reason: AwayReason) => void }): React.JSX.Element {
  const t = useT();
  return (
    <label>
      {props.label}
      <select data-testid={props.testId} value={props.value} onChange={(event) => props.onChange(event.target.value as AwayReason)}>
        {awayReasons.map((option) => (
          <option key={option} value={option}>
            {t(awayReasonKey(option))}
          </option>
        ))}
      </select>
    </label>
  );
}
