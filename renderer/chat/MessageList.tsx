import { useLayoutEffect, useRef } from 'react';
import type { DeskMessage } from '../../shared/contract/schemas';
import type { MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { clockTime } from '../records/recordText';
import { useAppStore } from '../store/appStore';
import { noticeKey } from './chatText';
import { messageKey, noticeOf } from './deskModel';

/** Within this many pixels of the bottom counts as "reading the latest": new messages scroll into view. */
const STICK_PX = 48;

const senderKey: Record<DeskMessage['from'], MessageKey> = {
  visitor: 'chat.from.visitor',
  counsellor: 'chat.from.counsellor',
  system: 'chat.from.system',
};

/**
 * The conversation's messages. A visitor's message is rendered as a React text node and nothing
 * else: no HTML, no Markdown, no links made clickable, no images or previews fetched, so nothing
 * in it can run or phone home. Line breaks are kept by CSS (`white-space: pre-wrap`), and a long
 * unbroken string wraps anywhere rather than widening the desk.
 */
export function MessageList(props: { messages: readonly DeskMessage[] }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const count = props.messages.length;

  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [count]);

  return (
    <ol
      ref={list}
      className="chat-messages"
      role="log"
      aria-label={t('chat.messages')}
      tabIndex={0}
      data-testid="chat-messages"
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
      }}
    >
      {props.messages.map((message, index) => {
        const notice = noticeOf(message);
        return (
          <li
            key={messageKey(message, index)}
            className={`chat-message from-${message.from}`}
            data-testid="chat-message"
            data-from={message.from}
            data-seq={message.seq ?? ''}
            data-pending={String(message.pending)}
          >
            {notice ? (
              <p className="chat-system">{t(noticeKey(notice))}</p>
            ) : (
              <>
                <p className="chat-meta">
                  <span>{t(senderKey[message.from])}</span> <time dateTime={message.sentAt}>{clockTime(locale, message.sentAt)}</time>
                  {message.pending && <span className="chat-pending"> {t('chat.message.pending')}</span>}
                </p>
                <p className="chat-text" data-testid="chat-message-text">
                  {message.text}
                </p>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
