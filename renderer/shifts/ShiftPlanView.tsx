import { useEffect, useState } from 'react';
import type { Locale } from '../../shared/contract/schemas';
import type { Shift } from '../../shared/hub/shiftsApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ShiftForm } from './ShiftForm';
import { newShiftForm, shiftFormOf, type ShiftFormValues } from './shiftForm';
import { ShiftImport } from './ShiftImport';
import { ShiftWeekList } from './ShiftWeekList';
import { addDays, isoWeekNumber, parseLocalDate, weekStartOf } from './shiftWeek';
import './shifts.css';

const dayFormat = (locale: Locale, day: string, options: Intl.DateTimeFormatOptions): string =>
  parseLocalDate(day).toLocaleDateString(locale === 'da' ? 'da-DK' : 'en-GB', options);

/**
 * "Vagtplan" in the supervisor area: the plan a week at a time. Administrators add, change,
 * delete and import shifts; supervisors read it.
 */
export function ShiftPlanView(props: { canEdit: boolean }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const plan = useAppStore((state) => state.shiftPlan);
  const loadWeek = useAppStore((state) => state.loadShiftWeek);
  const [form, setForm] = useState<ShiftFormValues | null>(null);
  const [notice, setNotice] = useState<'saved' | 'deleted' | null>(null);
  const { weekStart, status, error, shifts } = plan;

  useEffect(() => {
    if (!weekStart) void loadWeek(weekStartOf(new Date()));
  }, [weekStart, loadWeek]);

  const go = (week: string): void => {
    setNotice(null);
    void loadWeek(week);
  };
  const edit = (values: ShiftFormValues): void => {
    setNotice(null);
    setForm(values);
  };

  return (
    <section className="panel shiftplan" aria-labelledby="shiftplan-title" data-testid="shiftplan" data-state={status}>
      <h2 id="shiftplan-title">{t('shiftplan.title')}</h2>
      {!props.canEdit && (
        <p className="hint" data-testid="shiftplan-read-only">
          {t('shiftplan.readOnly')}
        </p>
      )}
      {weekStart && (
        <div className="shiftplan-week-bar">
          <h3 data-testid="shiftplan-week" data-week-start={weekStart}>
            {t('shiftplan.week', {
              week: String(isoWeekNumber(weekStart)),
              from: dayFormat(locale, weekStart, { day: 'numeric', month: 'short' }),
              to: dayFormat(locale, addDays(weekStart, 6), { day: 'numeric', month: 'short', year: 'numeric' }),
            })}
          </h3>
          <nav aria-label={t('shiftplan.weekNav')} className="shiftplan-nav">
            <button type="button" className="secondary" data-testid="shiftplan-prev" onClick={() => go(addDays(weekStart, -7))}>
              {t('shiftplan.prev')}
            </button>
            <button type="button" className="secondary" data-testid="shiftplan-this-week" onClick={() => go(weekStartOf(new Date()))}>
              {t('shiftplan.thisWeek')}
            </button>
            <button type="button" className="secondary" data-testid="shiftplan-next" onClick={() => go(addDays(weekStart, 7))}>
              {t('shiftplan.next')}
            </button>
          </nav>
          {props.canEdit && !form && (
            <button type="button" data-testid="shiftplan-new" onClick={() => edit(newShiftForm(weekStart))}>
              {t('shiftplan.add')}
            </button>
          )}
        </div>
      )}
      {notice && (
        <p role="status" className="notice" data-testid="shiftplan-notice" data-notice={notice}>
          {t(notice === 'saved' ? 'shiftplan.saved' : 'shiftplan.deleted')}
        </p>
      )}
      {props.canEdit && form && (
        <ShiftForm
          key={form.id ?? 'new'}
          initial={form}
          usernames={usernamesOf(shifts)}
          onCancel={() => setForm(null)}
          onSaved={() => {
            setForm(null);
            setNotice('saved');
          }}
        />
      )}
      {status === 'loading' && (
        <p role="status" className="hint">
          {t('shiftplan.loading')}
        </p>
      )}
      {status === 'failed' && error && weekStart && (
        <div className="error" role="alert" data-testid="shiftplan-load-error" data-code={error}>
          <p>{t('shiftplan.loadFailed', { reason: t(errorKey(error)) })}</p>
          <button type="button" onClick={() => void loadWeek(weekStart)}>
            {t('shiftplan.retry')}
          </button>
        </div>
      )}
      {weekStart && status !== 'failed' && (
        <ShiftWeekList
          weekStart={weekStart}
          shifts={shifts}
          canEdit={props.canEdit}
          onEdit={(shift) => edit(shiftFormOf(shift))}
          onDeleted={() => setNotice('deleted')}
        />
      )}
      {props.canEdit && <ShiftImport />}
    </section>
  );
}

/** The user names seen in the plan, offered as the form's suggestions. */
function usernamesOf(shifts: readonly Shift[]): string[] {
  return [...new Set(shifts.map((shift) => shift.username))].sort((a, b) => a.localeCompare(b, 'da'));
}
