import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { AwayReason, BoardCounsellor } from '../../shared/hub/presenceApi';
import { ModalDialog } from '../components/ModalDialog';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { AwayReasonSelect } from '../presence/AwayReasonSelect';
import { useAppStore } from '../store/appStore';

/** "Sæt på pause …": the supervisor sets a counsellor away, with a reason from the fixed list. */
export function AwayDialog(props: { counsellor: BoardCounsellor; onClose: () => void }): React.JSX.Element {
  const t = useT();
  const setCounsellorState = useAppStore((state) => state.setCounsellorState);
  const [reason, setReason] = useState<AwayReason>('break');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    void setCounsellorState(props.counsellor.userId, 'away', reason).then((code) => {
      setSending(false);
      if (code) setError(code);
      else props.onClose();
    });
  };

  return (
    <ModalDialog labelledBy="away-title" testId="away-dialog" onClose={props.onClose}>
      <form className="board-dialog" onSubmit={submit} noValidate>
        <h3 id="away-title">{t('board.away.title', { name: props.counsellor.displayName })}</h3>
        <AwayReasonSelect label={t('board.away.reason')} testId="away-reason" value={reason} onChange={setReason} />
        {error && (
          <p className="error" role="alert" data-testid="away-error" data-code={error}>
            {t(errorKey(error))}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="submit" data-testid="away-confirm" disabled={sending}>
            {sending ? t('board.sending') : t('board.away.confirm')}
          </button>
          <button type="button" className="secondary" data-testid="away-cancel" onClick={props.onClose}>
            {t('board.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
