import { useEffect, useState } from 'react';
import type { ChatDesk as Desk } from '../../shared/contract/schemas';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ChatTabs } from './ChatTabs';
import { deskLinkKey, lastErrorKey } from './chatText';
import { usedCapacity } from './deskModel';
import { OfferCard } from './OfferCard';
import { useChime } from './useChime';
import './chat.css';

/** A waiting offer chimes again this often: one tone is easily missed while writing a record. */
const OFFER_CHIME_REPEAT_MS = 5_000;

/**
 * The "Chat" panel: the link to the chat broker, offers to accept, and the counsellor's chats
 * in tabs. Everything comes from the main process's desk (`chat:state`, then `chat:changed`);
 * nothing of a visitor but their words ever reaches it.
 */
export function ChatDesk(): React.JSX.Element {
  const t = useT();
  const load = useAppStore((state) => state.loadChat);
  const status = useAppStore((state) => state.chat.status);
  const error = useAppStore((state) => state.chat.error);
  const desk = useAppStore((state) => state.chat.desk);
  useEffect(() => {
    void load();
  }, [load]);
  useChime('chat-offer', desk?.offers.map((offer) => offer.offerId) ?? [], OFFER_CHIME_REPEAT_MS);

  return (
    <div className="chat-desk" data-testid="chat-desk" data-state={status} data-link={desk?.link ?? 'unknown'}>
      {status === 'loading' && (
        <p role="status" className="hint">
          {t('chat.loading')}
        </p>
      )}
      {status === 'failed' && error && (
        <div className="error" role="alert" data-testid="chat-load-error" data-code={error}>
          <p>{t('chat.loadFailed', { reason: t(errorKey(error)) })}</p>
          <button type="button" onClick={() => void load()}>
            {t('chat.retry')}
          </button>
        </div>
      )}
      {desk && (
        <>
          <DeskStatus desk={desk} />
          {desk.lastError && <LastError key={desk.lastError} word={desk.lastError} />}
          {desk.offers.map((offer) => (
            <OfferCard key={offer.offerId} offer={offer} />
          ))}
          {desk.conversations.length === 0 ? (
            <p className="hint" data-testid="chat-empty">
              {t('chat.empty')}
            </p>
          ) : (
            <ChatTabs desk={desk} />
          )}
        </>
      )}
    </div>
  );
}

function DeskStatus(props: { desk: Desk }): React.JSX.Element {
  const t = useT();
  const { desk } = props;
  return (
    <div className="chat-status">
      <p className={`chat-link link-${desk.link}`} data-testid="chat-link" data-state={desk.link}>
        <span className="dot" aria-hidden="true" />
        {t(deskLinkKey(desk.link))}
      </p>
      {desk.link === 'online' && (
        <p className="hint" data-testid="chat-accepting" data-accepting={String(desk.accepting)}>
          {desk.accepting
            ? t('chat.accepting.yes', { used: String(usedCapacity(desk)), max: String(desk.maxParallelChats) })
            : t('chat.accepting.no')}
        </p>
      )}
    </div>
  );
}

/** The hub's last refusal, as a short notice the counsellor can close (a new one shows again). */
function LastError(props: { word: string }): React.JSX.Element | null {
  const t = useT();
  const [closed, setClosed] = useState(false);
  if (closed) return null;
  return (
    <div className="notice chat-notice-bar" role="status" data-testid="chat-last-error" data-code={props.word}>
      <p>{t(lastErrorKey(props.word))}</p>
      <button type="button" className="secondary" onClick={() => setClosed(true)}>
        {t('chat.lastError.close')}
      </button>
    </div>
  );
}
