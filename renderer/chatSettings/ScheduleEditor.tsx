import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { ChatScheduleView } from '../../shared/hub/chatApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { localDate } from '../statistics/period';
import { useAppStore } from '../store/appStore';
import { changeTime, scheduleProblemText, weekdayKey } from './chatSettingsText';
import {
  EXCEPTION_LABEL_MAX,
  MAX_EXCEPTIONS,
  MAX_INTERVALS,
  newException,
  newInterval,
  normaliseClock,
  scheduleFormOf,
  scheduleOf,
  scheduleProblems,
  type IntervalValues,
  type ScheduleFormValues,
  type ScheduleProblem,
} from './scheduleForm';

/**
 * "Åbningstider": each weekday's intervals (none: closed), or open around the clock; and
 * exceptions by date with the label the visitor sees (no intervals: closed all day).
 */
export function ScheduleEditor(props: { view: ChatScheduleView }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const save = useAppStore((state) => state.saveChatSchedule);
  const [values, setValues] = useState<ScheduleFormValues>(() => scheduleFormOf(props.view.schedule));
  const [showProblems, setShowProblems] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const problems = showProblems ? scheduleProblems(values) : [];

  const edit = (next: ScheduleFormValues): void => {
    setValues(next);
    setSaved(false);
    setError(null);
  };
  const setDay = (day: number, intervals: IntervalValues[]): void => edit({ ...values, weekly: values.weekly.map((entry, at) => (at === day ? intervals : entry)) });
  const setException = (index: number, change: Partial<ScheduleFormValues['exceptions'][number]>): void =>
    edit({ ...values, exceptions: values.exceptions.map((entry, at) => (at === index ? { ...entry, ...change } : entry)) });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (saving) return;
    if (scheduleProblems(values).length > 0) {
      setShowProblems(true);
      return;
    }
    setSaving(true);
    setError(null);
    void save(scheduleOf(values)).then((code) => {
      setSaving(false);
      setError(code);
      setSaved(code === null);
      if (code === null) setShowProblems(false);
    });
  };

  return (
    <form className="chat-settings-part" onSubmit={submit} noValidate aria-labelledby="chat-settings-schedule-title" data-testid="chat-settings-schedule">
      <h3 id="chat-settings-schedule-title">{t('chatSettings.schedule.title')}</h3>
      <ScheduleStatus view={props.view} />
      <p className="hint">{t('chatSettings.schedule.intro', { zone: props.view.timeZone })}</p>
      <p className="hint">{t('chatSettings.schedule.timeHint')}</p>
      <label className="choice">
        <input type="checkbox" checked={values.alwaysOpen} onChange={(event) => edit({ ...values, alwaysOpen: event.target.checked })} data-testid="chat-settings-always-open" />
        {t('chatSettings.schedule.alwaysOpen')}
      </label>
      {!values.alwaysOpen && (
        <div className="chat-settings-week">
          {values.weekly.map((intervals, day) => (
            <fieldset key={day} data-testid={`chat-settings-day-${day}`}>
              <legend>{t(weekdayKey(day))}</legend>
              <Intervals
                prefix={`chat-settings-day-${day}`}
                intervals={intervals}
                problems={problems.filter((problem) => problem.place.kind === 'day' && problem.place.day === day)}
                onChange={(next) => setDay(day, next)}
              />
            </fieldset>
          ))}
        </div>
      )}
      <h4>{t('chatSettings.exceptions.title')}</h4>
      <p className="hint">{t('chatSettings.exceptions.intro')}</p>
      {values.exceptions.length === 0 && <p data-testid="chat-settings-exceptions-empty">{t('chatSettings.exceptions.empty')}</p>}
      {values.exceptions.map((exception, index) => {
        const mine = problems.filter((problem) => problem.place.kind === 'exception' && problem.place.index === index);
        const bad = (kind: ScheduleProblem['problem']): boolean => mine.some((problem) => problem.problem === kind);
        return (
          <fieldset key={exception.key} className="chat-settings-exception" data-testid={`chat-settings-exception-${index}`}>
            <legend>{t('chatSettings.place.exception', { n: String(index + 1) })}</legend>
            <div className="chat-settings-fields">
              <label>
                {t('chatSettings.exceptions.date')}
                <input
                  type="date"
                  value={exception.date}
                  aria-invalid={bad('date') || bad('duplicate-date')}
                  onChange={(event) => setException(index, { date: event.target.value })}
                  data-testid={`chat-settings-exception-date-${index}`}
                />
              </label>
              <label>
                {t('chatSettings.exceptions.label')}
                <input
                  value={exception.label}
                  maxLength={EXCEPTION_LABEL_MAX}
                  aria-invalid={bad('label')}
                  onChange={(event) => setException(index, { label: event.target.value })}
                  data-testid={`chat-settings-exception-label-${index}`}
                />
              </label>
            </div>
            <Intervals
              prefix={`chat-settings-exception-${index}`}
              intervals={exception.intervals}
              problems={mine}
              closedText={t('chatSettings.exceptions.closedAllDay')}
              onChange={(intervals) => setException(index, { intervals })}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => edit({ ...values, exceptions: values.exceptions.filter((_, at) => at !== index) })}
              data-testid={`chat-settings-exception-remove-${index}`}
            >
              {t('chatSettings.exceptions.remove')}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        disabled={values.exceptions.length >= MAX_EXCEPTIONS}
        onClick={() => edit({ ...values, exceptions: [...values.exceptions, newException(localDate(new Date()))] })}
        data-testid="chat-settings-exception-add"
      >
        {t('chatSettings.exceptions.add')}
      </button>
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="chat-settings-schedule-problems">
          <p>{t('chatSettings.problems')}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index} data-problem={problem.problem}>
                {scheduleProblemText(locale, problem)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="chat-settings-schedule-error" data-code={error}>
          {t('chatSettings.saveFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
      {saved && (
        <p role="status" className="notice" data-testid="chat-settings-schedule-saved">
          {t('chatSettings.schedule.saved')}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="submit" disabled={saving} data-testid="chat-settings-schedule-save">
          {saving ? t('chatSettings.saving') : t('chatSettings.schedule.save')}
        </button>
      </div>
    </form>
  );
}

/** Open or closed now (as the hub sees it), and when that changes. */
function ScheduleStatus(props: { view: ChatScheduleView }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const { open, nextChange, todayLabel } = props.view;
  return (
    <p className="chat-settings-status" role="status" data-testid="chat-settings-schedule-status" data-open={String(open)}>
      {t(open ? 'chatSettings.schedule.openNow' : 'chatSettings.schedule.closedNow')}{' '}
      {nextChange && t(open ? 'chatSettings.schedule.closesAt' : 'chatSettings.schedule.opensAt', { time: changeTime(locale, nextChange) })}
      {todayLabel && ` ${t('chatSettings.schedule.todayLabel', { label: todayLabel })}`}
    </p>
  );
}

/** One day's (or one exception's) intervals; `<prefix>-opens-<i>`, `-closes-<i>`, `-remove-<i>`, `-add`. */
function Intervals(props: {
  prefix: string;
  intervals: readonly IntervalValues[];
  problems: readonly ScheduleProblem[];
  closedText?: string;
  onChange: (intervals: IntervalValues[]) => void;
}): React.JSX.Element {
  const t = useT();
  const { intervals, problems } = props;
  const bad = (index: number, kinds: ReadonlyArray<ScheduleProblem['problem']>): boolean =>
    problems.some((problem) => problem.place.kind !== 'schedule' && problem.place.interval === index && kinds.includes(problem.problem));
  const overlap = problems.some((problem) => problem.problem === 'overlap');
  const set = (index: number, field: keyof IntervalValues, value: string): void =>
    props.onChange(intervals.map((interval, at) => (at === index ? { ...interval, [field]: value } : interval)));
  /** "9" becomes "09:00" on leaving the field, so what is shown is what will be saved. */
  const tidy = (index: number, field: keyof IntervalValues, value: string): void => {
    const clock = normaliseClock(value);
    if (clock !== null && clock !== value) set(index, field, clock);
  };
  return (
    <div className="chat-settings-intervals">
      {intervals.length === 0 && (
        <p className="hint" data-testid={`${props.prefix}-closed`}>
          {props.closedText ?? t('chatSettings.schedule.closed')}
        </p>
      )}
      {intervals.map((interval, index) => (
        <div key={index} className="chat-settings-interval">
          <label>
            {t('chatSettings.schedule.opens')}
            <input
              inputMode="numeric"
              size={5}
              placeholder={t('chatSettings.schedule.placeholder')}
              value={interval.opens}
              aria-invalid={bad(index, ['opens', 'order']) || overlap}
              onChange={(event) => set(index, 'opens', event.target.value)}
              onBlur={(event) => tidy(index, 'opens', event.target.value)}
              data-testid={`${props.prefix}-opens-${index}`}
            />
          </label>
          <label>
            {t('chatSettings.schedule.closes')}
            <input
              inputMode="numeric"
              size={5}
              placeholder={t('chatSettings.schedule.placeholder')}
              value={interval.closes}
              aria-invalid={bad(index, ['closes', 'order']) || overlap}
              onChange={(event) => set(index, 'closes', event.target.value)}
              onBlur={(event) => tidy(index, 'closes', event.target.value)}
              data-testid={`${props.prefix}-closes-${index}`}
            />
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => props.onChange(intervals.filter((_, at) => at !== index))}
            data-testid={`${props.prefix}-remove-${index}`}
          >
            {t('chatSettings.schedule.removeInterval')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        disabled={intervals.length >= MAX_INTERVALS}
        onClick={() => props.onChange([...intervals, newInterval()])}
        data-testid={`${props.prefix}-add`}
      >
        {t('chatSettings.schedule.addInterval')}
      </button>
    </div>
  );
}
