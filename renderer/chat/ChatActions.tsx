import { useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { DeskConversation } from '../../shared/contract/schemas';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ConfirmDialog } from './ConfirmDialog';
import { TransferDialog } from './TransferDialog';

type OpenDialog = 'transfer' | 'escalate' | 'block' | null;

/**
 * What the counsellor can do with a chat: end it (then the wrap-up), hand it over, raise an
 * emergency (the supervisors are alerted; the chat goes on), or block an abusive visitor (the
 * chat ends). The two with consequences outside the chat ask first.
 */
export function ChatActions(props: { conversation: DeskConversation }): React.JSX.Element {
  const t = useT();
  const id = props.conversation.conversationId;
  const end = useAppStore((state) => state.endChat);
  const escalate = useAppStore((state) => state.escalateChat);
  const block = useAppStore((state) => state.blockChat);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);

  const run = (action: (conversationId: string) => Promise<ErrorCode | null>): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void action(id).then((code) => {
      setBusy(false);
      setError(code);
      setDialog(null);
    });
  };

  return (
    <div className="chat-actions" role="group" aria-label={t('chat.actions')}>
      <button type="button" className="danger" disabled={busy} onClick={() => run(end)} data-testid="chat-end">
        {t('chat.end')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => setDialog('transfer')} data-testid="chat-transfer">
        {t('chat.transfer')}
      </button>
      <button
        type="button"
        className="danger outline"
        disabled={busy || props.conversation.escalated}
        onClick={() => setDialog('escalate')}
        data-testid="chat-escalate"
      >
        {t('chat.escalate')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => setDialog('block')} data-testid="chat-block">
        {t('chat.block')}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="chat-action-error" data-code={error}>
          {t('chat.actionFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
      {dialog === 'transfer' && <TransferDialog conversationId={id} onClose={() => setDialog(null)} />}
      {dialog === 'escalate' && (
        <ConfirmDialog
          testId="chat-escalate"
          title={t('chat.escalate.title')}
          body={t('chat.escalate.explain')}
          confirm={t('chat.escalate.confirm')}
          busy={busy}
          onConfirm={() => run(escalate)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'block' && (
        <ConfirmDialog
          testId="chat-block"
          title={t('chat.block.title')}
          body={t('chat.block.explain')}
          confirm={t('chat.block.confirm')}
          busy={busy}
          onConfirm={() => run(block)}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
