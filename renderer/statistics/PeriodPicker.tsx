import { useState, type FormEvent } from 'react';
import type { StatisticsPeriod } from '../../shared/contract/schemas';
import { STATISTICS_MAX_DAYS } from '../../shared/hub/statisticsApi';
import type { MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { periodPresets, periodProblem, presetOf, presetPeriod, type PeriodPreset, type PeriodProblem } from './period';

const presetKey = (preset: PeriodPreset): MessageKey => `statistics.period.${preset}`;
const problemKey = (problem: PeriodProblem): MessageKey => `statistics.period.${problem}`;

/** From and to dates (both included), with presets that ask at once. */
export function PeriodPicker(props: { period: StatisticsPeriod | null; busy: boolean; onChoose: (period: StatisticsPeriod) => void }): React.JSX.Element {
  const t = useT();
  const [from, setFrom] = useState(props.period?.from ?? '');
  const [to, setTo] = useState(props.period?.to ?? '');
  const [problem, setProblem] = useState<PeriodProblem | null>(null);
  // The period on screen may come from the store (a preset, or the first load): follow it.
  const [shown, setShown] = useState(props.period);
  if (props.period !== shown) {
    setShown(props.period);
    setFrom(props.period?.from ?? '');
    setTo(props.period?.to ?? '');
  }
  const today = new Date();
  const pressed = props.period ? presetOf(props.period, today) : null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = periodProblem({ from, to });
    setProblem(found);
    if (!found) props.onChoose({ from, to });
  };
  const choosePreset = (preset: PeriodPreset): void => {
    setProblem(null);
    props.onChoose(presetPeriod(preset, today));
  };

  return (
    <form className="stat-period" onSubmit={submit} noValidate aria-label={t('statistics.period')} data-testid="stat-period">
      <div className="stat-presets" role="group" aria-label={t('statistics.period.presets')}>
        {periodPresets.map((preset) => (
          <button
            type="button"
            key={preset}
            className="secondary"
            aria-pressed={pressed === preset}
            disabled={props.busy}
            data-testid={`stat-preset-${preset}`}
            onClick={() => choosePreset(preset)}
          >
            {t(presetKey(preset))}
          </button>
        ))}
      </div>
      <label>
        {t('statistics.period.from')}
        <input type="date" name="from" value={from} onChange={(event) => setFrom(event.target.value)} aria-invalid={problem !== null} data-testid="stat-from" />
      </label>
      <label>
        {t('statistics.period.to')}
        <input type="date" name="to" value={to} onChange={(event) => setTo(event.target.value)} aria-invalid={problem !== null} data-testid="stat-to" />
      </label>
      <button type="submit" disabled={props.busy} data-testid="stat-show">
        {t('statistics.period.show')}
      </button>
      {problem && (
        <p className="error" role="alert" data-testid="stat-period-problem">
          {t(problemKey(problem), { days: String(STATISTICS_MAX_DAYS) })}
        </p>
      )}
    </form>
  );
}
