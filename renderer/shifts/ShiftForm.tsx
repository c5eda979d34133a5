import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { endsNextDay, shiftFormProblems, type ShiftFormProblem, type ShiftFormValues } from './shiftForm';
import { shiftErrorKey, shiftFormProblemKey } from './shiftPlanText';

/** Add or change one shift: user name, day, from and to (an earlier "to" is the next morning). */
export function ShiftForm(props: { initial: ShiftFormValues; usernames: readonly string[]; onCancel: () => void; onSaved: () => void }): React.JSX.Element {
  const t = useT();
  const saveShift = useAppStore((state) => state.saveShift);
  const [values, setValues] = useState(props.initial);
  const [problems, setProblems] = useState<ShiftFormProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const editing = props.initial.id !== undefined;

  const change = (field: 'username' | 'date' | 'start' | 'end', value: string): void => {
    setValues((current) => ({ ...current, [field]: value }));
    setError(null);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (saving) return;
    const found = shiftFormProblems(values);
    setProblems(found);
    if (found.length > 0) return;
    setSaving(true);
    setError(null);
    void saveShift(values).then((code) => {
      setSaving(false);
      if (code) setError(code);
      else props.onSaved();
    });
  };

  const invalid = (field: ShiftFormProblem): boolean => problems.includes(field);
  return (
    <form className="shiftplan-form" onSubmit={submit} noValidate data-testid="shiftplan-form" aria-labelledby="shiftplan-form-title">
      <h3 id="shiftplan-form-title">{t(editing ? 'shiftplan.form.edit' : 'shiftplan.form.new')}</h3>
      <div className="shiftplan-fields">
        <label>
          {t('shiftplan.form.username')}
          <input
            data-testid="shiftplan-username"
            autoComplete="off"
            list="shiftplan-usernames"
            maxLength={64}
            value={values.username}
            aria-invalid={invalid('username')}
            onChange={(event) => change('username', event.target.value)}
          />
          <datalist id="shiftplan-usernames">
            {props.usernames.map((username) => (
              <option key={username} value={username} />
            ))}
          </datalist>
        </label>
        <label>
          {t('shiftplan.form.date')}
          <input type="date" data-testid="shiftplan-date" value={values.date} aria-invalid={invalid('date')} onChange={(event) => change('date', event.target.value)} />
        </label>
        <label>
          {t('shiftplan.form.start')}
          <input type="time" data-testid="shiftplan-start" value={values.start} aria-invalid={invalid('start')} onChange={(event) => change('start', event.target.value)} />
        </label>
        <label>
          {t('shiftplan.form.end')}
          <input
            type="time"
            data-testid="shiftplan-end"
            value={values.end}
            aria-invalid={invalid('end') || invalid('same-time')}
            onChange={(event) => change('end', event.target.value)}
          />
        </label>
      </div>
      {endsNextDay(values) && (
        <p className="hint" data-testid="shiftplan-ends-next-day">
          {t('shiftplan.form.endsNextDay', { time: values.end })}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="error" role="alert" data-testid="shiftplan-form-problems">
          {problems.map((problem) => (
            <li key={problem} data-problem={problem}>
              {t(shiftFormProblemKey(problem))}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert" data-testid="shiftplan-save-error" data-code={error}>
          {t(shiftErrorKey(error, 'save'))}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="submit" data-testid="shiftplan-save" disabled={saving}>
          {saving ? t('shiftplan.form.saving') : t('shiftplan.form.save')}
        </button>
        <button type="button" className="secondary" data-testid="shiftplan-cancel" onClick={props.onCancel}>
          {t('shiftplan.form.cancel')}
        </button>
      </div>
    </form>
  );
}
