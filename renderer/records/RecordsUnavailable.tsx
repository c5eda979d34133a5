import type { StoreProblem } from '../../shared/contract/schemas';
import { useT } from '../i18n/useT';
import { storeProblemKeys } from './recordText';

/**
 * The encrypted store cannot be used: say so plainly, with what the administrator has to do.
 * Nothing is recorded until it is resolved, and nothing was deleted.
 */
export function RecordsUnavailable(props: { problem: StoreProblem }): React.JSX.Element {
  const t = useT();
  const keys = storeProblemKeys(props.problem);
  return (
    <div className="records-unavailable" role="alert" data-testid="records-unavailable" data-problem={props.problem}>
      <h3>{t(keys.title)}</h3>
      <p>{t('records.unavailable.lead')}</p>
      <p className="hint">
        <strong>{t('records.unavailable.forAdmin')}</strong> {t(keys.action)}
      </p>
    </div>
  );
}
