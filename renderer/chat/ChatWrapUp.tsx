import { useEffect, useRef, useState } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import type { DeskConversation } from '../../shared/contract/schemas';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { chatRecordBlocks } from '../store/chatSlice';
import { useAppStore } from '../store/appStore';

/**
 * After a chat (ended by either side, or by a block): its contact record opens in the records
 * panel (channel chat). "Klar" appears once the record is stored or left as a draft, and takes
 * the chat, messages and all, off the desk for good.
 */
export function ChatWrapUp(props: { conversation: DeskConversation }): React.JSX.Element {
  const t = useT();
  const id = props.conversation.conversationId;
  const wrapUp = useAppStore((state) => state.chat.wrapUps[id]);
  const blocks = useAppStore((state) => chatRecordBlocks(state.records, state.chat.wrapUps[id]));
  const dismiss = useAppStore((state) => state.dismissChat);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const ready = useRef<HTMLButtonElement>(null);

  // Keyboard users land on "Klar", not on <body>, when the record form closes.
  useEffect(() => {
    if (blocks) return;
    if (!document.activeElement || document.activeElement === document.body) ready.current?.focus();
  }, [blocks]);

  const done = (): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void dismiss(id).then((code) => {
      setBusy(false);
      setError(code);
    });
  };

  return (
    <section className="chat-wrapup" aria-labelledby={`chat-wrapup-title-${id}`} data-testid="chat-wrapup" data-record={wrapUp?.state ?? 'none'}>
      <h3 id={`chat-wrapup-title-${id}`}>{t('chat.wrapUp.title')}</h3>
      <p>{t('chat.wrapUp.ended')}</p>
      <p>{t('chat.wrapUp.body')}</p>
      {blocks ? (
        <p className="hint" data-testid="chat-wrapup-record-first">
          {t(wrapUp?.state === 'started' ? 'chat.wrapUp.recordFirst' : 'chat.wrapUp.recordStarting')}
        </p>
      ) : (
        <button ref={ready} type="button" className="answer" disabled={busy} onClick={done} data-testid="chat-wrapup-done">
          {t('chat.wrapUp.ready')}
        </button>
      )}
      {error && (
        <p className="error" role="alert" data-testid="chat-wrapup-error" data-code={error}>
          {t('chat.actionFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
    </section>
  );
}
