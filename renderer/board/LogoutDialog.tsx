import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import { LOGOUT_NOTE_MAX, logoutReasons, type BoardCounsellor, type LogoutMode, type LogoutReason } from '../../shared/hub/presenceApi';
import { ModalDialog } from '../components/ModalDialog';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { logoutReasonKey } from '../presence/presenceText';
import { useAppStore } from '../store/appStore';

/**
 * "Log ud …": a reason is required (it is audited and shown to the counsellor), a short note is
 * optional (the hub scrubs it), and the supervisor chooses after the current contact or now.
 */
export function LogoutDialog(props: { counsellor: BoardCounsellor; onClose: () => void }): React.JSX.Element {
  const t = useT();
  const logoutCounsellor = useAppStore((state) => state.logoutCounsellor);
  const [reason, setReason] = useState<LogoutReason | ''>('');
  const [note, setNote] = useState('');
  const [mode, setMode] = useState<LogoutMode>('after-work');
  const [missingReason, setMissingReason] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (sending) return;
    if (reason === '') {
      setMissingReason(true);
      return;
    }
    setSending(true);
    setError(null);
    void logoutCounsellor(props.counsellor.userId, { reason, mode, note: note.trim() === '' ? null : note.trim() }).then((code) => {
      setSending(false);
      if (code) setError(code);
      else props.onClose();
    });
  };

  return (
    <ModalDialog labelledBy="logout-title" testId="logout-dialog" onClose={props.onClose}>
      <form className="board-dialog" onSubmit={submit} noValidate>
        <h3 id="logout-title">{t('board.logout.title', { name: props.counsellor.displayName })}</h3>
        <p className="hint">{t('board.logout.intro')}</p>
        <label>
          {t('board.logout.reason')}
          <select
            data-testid="logout-reason"
            value={reason}
            required
            aria-invalid={missingReason && reason === ''}
            aria-describedby={missingReason ? 'logout-reason-missing' : undefined}
            onChange={(event) => {
              setReason(event.target.value as LogoutReason | '');
              setMissingReason(false);
            }}
          >
            <option value="">{t('board.logout.reason.choose')}</option>
            {logoutReasons.map((option) => (
              <option key={option} value={option}>
                {t(logoutReasonKey(option))}
              </option>
            ))}
          </select>
        </label>
        {missingReason && (
          <p className="error" id="logout-reason-missing" role="alert" data-testid="logout-reason-missing">
            {t('board.logout.reason.missing')}
          </p>
        )}
        <label>
          {t('board.logout.note')}
          <textarea
            data-testid="logout-note"
            rows={2}
            maxLength={LOGOUT_NOTE_MAX}
            value={note}
            aria-describedby="logout-note-hint"
            onChange={(event) => setNote(event.target.value)}
          />
          <small id="logout-note-hint">{t('board.logout.note.hint', { max: String(LOGOUT_NOTE_MAX) })}</small>
        </label>
        <fieldset>
          <legend>{t('board.logout.mode')}</legend>
          {(['after-work', 'now'] as const).map((option) => (
            <label key={option} className="choice">
              <input type="radio" name="logout-mode" value={option} data-testid={`logout-mode-${option}`} checked={mode === option} onChange={() => setMode(option)} />
              <span>
                <strong>{t(option === 'now' ? 'board.logout.mode.now' : 'board.logout.mode.after-work')}</strong>
                <small>{t(option === 'now' ? 'board.logout.mode.now.hint' : 'board.logout.mode.after-work.hint')}</small>
              </span>
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="error" role="alert" data-testid="logout-error" data-code={error}>
            {t(errorKey(error))}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="submit" data-testid="logout-confirm" disabled={sending}>
            {sending ? t('board.sending') : t('board.logout.confirm')}
          </button>
          <button type="button" className="secondary" data-testid="logout-cancel" onClick={props.onClose}>
            {t('board.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
