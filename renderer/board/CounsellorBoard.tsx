import { useEffect, useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { BoardCounsellor, BoardSnapshot } from '../../shared/hub/presenceApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { AwayDialog } from './AwayDialog';
import { BoardFilters } from './BoardFilters';
import { BoardTable } from './BoardTable';
import { visibleCounsellors } from './boardFilter';
import { clockWithSeconds, figureText, longestWaitText } from './boardText';
import { ChatAlerts } from './ChatAlerts';
import { LogoutDialog } from './LogoutDialog';
import './board.css';

/** The dialog open on the board, if any: a logout or a pause, for one counsellor. */
export type BoardDialog = { kind: 'logout' | 'away'; counsellor: BoardCounsellor } | null;

/**
 * "Vagten" in the supervisor area: every counsellor with a shift today, their state and for how
 * long, the queue and today's figures, live (`board:changed`); log a counsellor out, or set
 * them on a break or available. Staff names, states and times only: nothing about a caller.
 */
export function CounsellorBoard(): React.JSX.Element {
  const t = useT();
  const board = useAppStore((state) => state.board);
  const loadBoard = useAppStore((state) => state.loadBoard);
  const setCounsellorState = useAppStore((state) => state.setCounsellorState);
  const [dialog, setDialog] = useState<BoardDialog>(null);
  const [actionError, setActionError] = useState<{ name: string; code: ErrorCode } | null>(null);

  useEffect(() => {
    void loadBoard();
  }, [loadBoard]);

  const { snapshot, status, error } = board;

  const setAvailable = (counsellor: BoardCounsellor): void => {
    setActionError(null);
    void setCounsellorState(counsellor.userId, 'available', null).then((code) => {
      if (code) setActionError({ name: counsellor.displayName, code });
    });
  };

  return (
    <section aria-labelledby="counsellors-title" className="panel board" data-testid="board" data-state={status}>
      <h2 id="counsellors-title">{t('supervisor.counsellors')}</h2>
      {status === 'loading' && (
        <p role="status" className="hint">
          {t('board.loading')}
        </p>
      )}
      {status === 'failed' && error && (
        <div className="error" role="alert" data-testid="board-error" data-code={error}>
          <p>{t('board.loadFailed', { reason: t(errorKey(error)) })}</p>
          <button type="button" onClick={() => void loadBoard()}>
            {t('board.retry')}
          </button>
        </div>
      )}
      {snapshot && (
        <>
          <ChatAlerts alerts={snapshot.alerts} />
          <BoardFigures snapshot={snapshot} />
          <BoardFilters counsellors={snapshot.counsellors} />
          {actionError && (
            <p className="error" role="alert" data-testid="board-action-error" data-code={actionError.code}>
              {t('board.action.failed', { name: actionError.name, reason: t(errorKey(actionError.code)) })}
            </p>
          )}
          <BoardRows
            snapshot={snapshot}
            onLogout={(counsellor) => setDialog({ kind: 'logout', counsellor })}
            onAway={(counsellor) => setDialog({ kind: 'away', counsellor })}
            onAvailable={setAvailable}
          />
        </>
      )}
      {dialog?.kind === 'logout' && <LogoutDialog counsellor={dialog.counsellor} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'away' && <AwayDialog counsellor={dialog.counsellor} onClose={() => setDialog(null)} />}
    </section>
  );
}

function BoardFigures(props: { snapshot: BoardSnapshot }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const { queue, today, generatedAt, chat } = props.snapshot;
  /** `text`: the value as shown; `nullMeans`: what "–" stands for (not known, unless said otherwise). */
  const figure = (testId: string, label: string, value: number | null, text = figureText(value), nullMeans = t('board.unknown')): React.JSX.Element => (
    <div className="board-figure" data-testid={testId} data-value={value ?? ''}>
      <dt>{label}</dt>
      <dd>{value === null ? <abbr title={nullMeans}>{text}</abbr> : text}</dd>
    </div>
  );
  return (
    <div className="board-head">
      <dl className="board-figures" aria-label={t('board.figures')}>
        {figure('board-queue-calls', t('board.queue.calls'), queue.calls)}
        {/* With a chat broker in the hub its own figures say more than the bare count. */}
        {chat ? (
          <>
            {figure('board-chat-waiting', t('board.queue.chats'), chat.waiting)}
            {figure(
              'board-chat-longest-wait',
              t('board.chat.longestWait'),
              chat.longestWaitSeconds,
              longestWaitText(chat.longestWaitSeconds),
              t('board.chat.nobodyWaiting'),
            )}
            {figure('board-chat-active', t('board.chat.active'), chat.active)}
          </>
        ) : (
          figure('board-queue-chats', t('board.queue.chats'), queue.chats)
        )}
        {figure('board-today-answered', t('board.today.answered'), today.answered)}
        {figure('board-today-missed', t('board.today.missed'), today.missed)}
      </dl>
      <p className="hint" data-testid="board-updated" data-generated-at={generatedAt}>
        {t('board.updated', { time: clockWithSeconds(locale, generatedAt) })}
      </p>
    </div>
  );
}

function BoardRows(props: {
  snapshot: BoardSnapshot;
  onLogout: (counsellor: BoardCounsellor) => void;
  onAway: (counsellor: BoardCounsellor) => void;
  onAvailable: (counsellor: BoardCounsellor) => void;
}): React.JSX.Element {
  const t = useT();
  const filter = useAppStore((state) => state.board.filter);
  const { counsellors } = props.snapshot;
  if (counsellors.length === 0) return <p data-testid="board-empty">{t('board.empty')}</p>;
  const rows = visibleCounsellors(counsellors, filter);
  if (rows.length === 0) return <p data-testid="board-no-match">{t('board.noMatch')}</p>;
  return <BoardTable rows={rows} snapshot={props.snapshot} onLogout={props.onLogout} onAway={props.onAway} onAvailable={props.onAvailable} />;
}
