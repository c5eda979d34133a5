import { useEffect, useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { TransferTargetsResponse } from '../../shared/hub/chatApi';
import { ModalDialog } from '../components/ModalDialog';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

type Targets = { state: 'loading' } | { state: 'ready'; targets: TransferTargetsResponse['targets'] } | { state: 'failed'; error: ErrorCode };

/**
 * "Overfør": to a colleague with room for a chat (they get it as an offer; if they do not take
 * it, it goes to the front of the queue), or straight back to the front of the queue. The
 * colleagues' names live in this dialog only, gone when it closes.
 */
export function TransferDialog(props: { conversationId: string; onClose: () => void }): React.JSX.Element {
  const t = useT();
  const loadTargets = useAppStore((state) => state.loadTransferTargets);
  const transfer = useAppStore((state) => state.transferChat);
  const [targets, setTargets] = useState<Targets>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const { onClose } = props;

  useEffect(() => {
    let current = true;
    void loadTargets().then((answer) => {
      if (!current) return;
      setTargets(typeof answer === 'string' ? { state: 'failed', error: answer } : { state: 'ready', targets: answer.targets });
    });
    return () => {
      current = false;
    };
  }, [loadTargets]);

  const send = (toUserId: string | null): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void transfer(props.conversationId, toUserId).then((code) => {
      setBusy(false);
      if (code) setError(code);
      else onClose();
    });
  };

  return (
    <ModalDialog labelledBy="chat-transfer-title" testId="chat-transfer-dialog" onClose={onClose}>
      <div className="board-dialog chat-transfer">
        <h3 id="chat-transfer-title">{t('chat.transfer.title')}</h3>
        <p className="hint">{t('chat.transfer.intro')}</p>
        {targets.state === 'loading' && <p role="status">{t('chat.transfer.loading')}</p>}
        {targets.state === 'failed' && (
          <p className="error" role="alert" data-testid="chat-transfer-load-error" data-code={targets.error}>
            {t('chat.transfer.loadFailed', { reason: t(errorKey(targets.error)) })}
          </p>
        )}
        {targets.state === 'ready' && targets.targets.length === 0 && <p data-testid="chat-transfer-none">{t('chat.transfer.none')}</p>}
        {targets.state === 'ready' && targets.targets.length > 0 && (
          <ul className="chat-transfer-targets">
            {targets.targets.map((target) => (
              <li key={target.userId}>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => send(target.userId)}
                  data-testid={`chat-transfer-target-${target.userId}`}
                >
                  {t('chat.transfer.target', { name: target.displayName, free: String(target.freeChats) })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="error" role="alert" data-testid="chat-transfer-error" data-code={error}>
            {t('chat.actionFailed', { reason: t(errorKey(error)) })}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" disabled={busy} onClick={() => send(null)} data-testid="chat-transfer-queue">
            {t('chat.transfer.queue')}
          </button>
          <button type="button" className="secondary" onClick={onClose} data-testid="chat-transfer-cancel">
            {t('chat.cancel')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
