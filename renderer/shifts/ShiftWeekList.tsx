import { useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { Locale } from '../../shared/contract/schemas';
import type { Shift } from '../../shared/hub/shiftsApi';
import { useT } from '../i18n/useT';
import { clockTime } from '../records/recordText';
import { localDate } from '../statistics/period';
import { useAppStore } from '../store/appStore';
import { shiftErrorKey } from './shiftPlanText';
import { parseLocalDate, shiftsByDay } from './shiftWeek';

const tag = (locale: Locale): string => (locale === 'da' ? 'da-DK' : 'en-GB');

/** The week's shifts by day; deleting takes a second click ("Bekræft sletning"). */
export function ShiftWeekList(props: {
  weekStart: string;
  shifts: readonly Shift[];
  canEdit: boolean;
  onEdit: (shift: Shift) => void;
  onDeleted: () => void;
}): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const deleteShift = useAppStore((state) => state.deleteShift);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);

  const remove = (id: string): void => {
    setDeleting(id);
    setError(null);
    void deleteShift(id).then((code) => {
      setDeleting(null);
      setConfirming(null);
      if (code) setError(code);
      else props.onDeleted();
    });
  };

  return (
    <div className="shiftplan-days" data-testid="shiftplan-days">
      {error && (
        <p className="error" role="alert" data-testid="shiftplan-error" data-code={error}>
          {t(shiftErrorKey(error, 'delete'))}
        </p>
      )}
      {shiftsByDay(props.shifts, props.weekStart).map(({ day, shifts }) => (
        <section key={day} className="shiftplan-day" aria-labelledby={`shiftplan-day-${day}`} data-testid={`shiftplan-day-${day}`}>
          <h4 id={`shiftplan-day-${day}`}>{parseLocalDate(day).toLocaleDateString(tag(locale), { weekday: 'long', day: 'numeric', month: 'long' })}</h4>
          {shifts.length === 0 ? (
            <p className="hint">{t('shiftplan.day.empty')}</p>
          ) : (
            <ul>
              {shifts.map((shift) => {
                const startDay = localDate(new Date(shift.startsAt));
                const endDay = localDate(new Date(shift.endsAt));
                return (
                  <li key={shift.id} className="shiftplan-shift" data-testid={`shiftplan-row-${shift.id}`} data-username={shift.username}>
                    <span className="shiftplan-time">
                      {t('shiftplan.shift.time', { start: clockTime(locale, shift.startsAt), end: clockTime(locale, shift.endsAt) })}
                      {endDay !== startDay && <> {t('shiftplan.shift.nextDay')}</>}
                      {startDay < props.weekStart && (
                        <> {t('shiftplan.shift.from', { day: parseLocalDate(startDay).toLocaleDateString(tag(locale), { weekday: 'short', day: 'numeric', month: 'short' }) })}</>
                      )}
                    </span>
                    <span className="shiftplan-name">
                      {shift.displayName} <span className="hint">({shift.username})</span>
                    </span>
                    {props.canEdit && (
                      <span className="shiftplan-actions">
                        <button type="button" className="secondary" data-testid={`shiftplan-edit-${shift.id}`} onClick={() => props.onEdit(shift)}>
                          {t('shiftplan.edit')}
                        </button>
                        {confirming === shift.id ? (
                          <button type="button" className="danger" data-testid={`shiftplan-delete-confirm-${shift.id}`} disabled={deleting === shift.id} onClick={() => remove(shift.id)}>
                            {t('shiftplan.delete.confirm')}
                          </button>
                        ) : (
                          <button type="button" className="secondary" data-testid={`shiftplan-delete-${shift.id}`} onClick={() => setConfirming(shift.id)}>
                            {t('shiftplan.delete')}
                          </button>
                        )}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
