import type { BoardCounsellor, BoardSnapshot } from '../../shared/hub/presenceApi';
import { useT } from '../i18n/useT';
import { awayReasonKey, presenceStateKey } from '../presence/presenceText';
import { clockTime } from '../records/recordText';
import { useNow } from '../softphone/useNow';
import { useAppStore } from '../store/appStore';
import { groupOf } from './boardFilter';
import { pendingLogoutKey, rowActions } from './boardText';
import { formatDuration, timeInStateMs } from './timeInState';

interface RowHandlers {
  onLogout: (counsellor: BoardCounsellor) => void;
  onAway: (counsellor: BoardCounsellor) => void;
  onAvailable: (counsellor: BoardCounsellor) => void;
}

/** One row per counsellor; time in state ticks every second on one shared clock. */
export function BoardTable(props: { rows: readonly BoardCounsellor[]; snapshot: BoardSnapshot } & RowHandlers): React.JSX.Element {
  const t = useT();
  const now = useNow(true);
  const receivedAt = useAppStore((state) => state.board.receivedAt);
  return (
    <table className="board-table" data-testid="board-table">
      <thead>
        <tr>
          <th scope="col">{t('board.col.name')}</th>
          <th scope="col">{t('board.col.state')}</th>
          <th scope="col">{t('board.col.time')}</th>
          <th scope="col">{t('board.col.reason')}</th>
          <th scope="col">{t('board.col.shiftEnd')}</th>
          <th scope="col">{t('board.col.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((counsellor) => (
          <BoardRow
            key={counsellor.userId}
            counsellor={counsellor}
            timeInState={formatDuration(timeInStateMs(counsellor.since, props.snapshot.generatedAt, receivedAt, Math.max(now, receivedAt)))}
            onLogout={props.onLogout}
            onAway={props.onAway}
            onAvailable={props.onAvailable}
          />
        ))}
      </tbody>
    </table>
  );
}

function BoardRow(props: { counsellor: BoardCounsellor; timeInState: string } & RowHandlers): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const { counsellor } = props;
  const id = counsellor.userId;
  const actions = rowActions(counsellor);
  const label = (action: string): string => t('board.action.label', { action, name: counsellor.displayName });
  return (
    <tr data-testid={`board-row-${id}`} data-state={counsellor.state}>
      <th scope="row">{counsellor.displayName}</th>
      <td>
        <span className={`board-state state-${groupOf(counsellor.state)}`} data-testid={`board-state-${id}`} data-state={counsellor.state}>
          <span className="dot" aria-hidden="true" />
          {t(presenceStateKey(counsellor.state))}
        </span>
        {counsellor.pendingLogout && (
          <span
            className="board-pending"
            data-testid={`board-pending-${id}`}
            data-by={counsellor.pendingLogout.by}
            data-mode={counsellor.pendingLogout.mode}
          >
            {t(pendingLogoutKey(counsellor.pendingLogout))}
          </span>
        )}
      </td>
      <td className="board-time" data-testid={`board-time-${id}`} data-since={counsellor.since}>
        {props.timeInState}
      </td>
      <td data-testid={`board-reason-${id}`}>{counsellor.awayReason ? t(awayReasonKey(counsellor.awayReason)) : ''}</td>
      <td data-testid={`board-shift-end-${id}`}>{counsellor.shift ? clockTime(locale, counsellor.shift.endsAt) : t('board.shift.none')}</td>
      <td>
        <div className="board-actions">
          {actions.logout && (
            <button type="button" className="secondary" data-testid={`board-logout-${id}`} aria-label={label(t('board.action.logout'))} onClick={() => props.onLogout(counsellor)}>
              {t('board.action.logout')}
            </button>
          )}
          {actions.away && (
            <button type="button" className="secondary" data-testid={`board-away-${id}`} aria-label={label(t('board.action.away'))} onClick={() => props.onAway(counsellor)}>
              {t('board.action.away')}
            </button>
          )}
          {actions.available && (
            <button
              type="button"
              className="secondary"
              data-testid={`board-available-${id}`}
              aria-label={label(t('board.action.available'))}
              onClick={() => props.onAvailable(counsellor)}
            >
              {t('board.action.available')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
