import { useEffect } from 'react';
import type { ChatDesk, DeskConversation } from '../../shared/contract/schemas';
import { clockTime } from '../records/recordText';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { ChatActions } from './ChatActions';
import { ChatWrapUp } from './ChatWrapUp';
import { Composer } from './Composer';
import { isOngoing, latestSeq } from './deskModel';
import { MessageList } from './MessageList';

/**
 * One chat, in its tab: the messages (text only), whether the visitor is typing or away, and
 * the composer and actions; once it has ended, the wrap-up instead. Being on screen marks the
 * chat's messages as read.
 */
export function ChatConversation(props: { conversation: DeskConversation; desk: ChatDesk }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const markRead = useAppStore((state) => state.markChatRead);
  const { conversation, desk } = props;
  const id = conversation.conversationId;
  const latest = latestSeq(conversation);
  const ongoing = isOngoing(conversation);

  useEffect(() => {
    if (latest > conversation.readSeq) markRead(id);
  }, [id, latest, conversation.readSeq, markRead]);

  return (
    <div
      role="tabpanel"
      id={`chat-panel-${id}`}
      aria-labelledby={`chat-tab-${id}`}
      className="chat-conversation"
      data-testid="chat-conversation"
      data-conversation-id={id}
      data-state={conversation.state}
      data-escalated={String(conversation.escalated)}
    >
      <div className="chat-conversation-head">
        <p className="hint">{t('chat.conversation.started', { time: clockTime(locale, conversation.startedAt) })}</p>
        {conversation.escalated && (
          <p className="chat-escalated" role="status" data-testid="chat-escalated">
            {t('chat.escalated')}
          </p>
        )}
      </div>
      <MessageList messages={conversation.messages} />
      <p className="chat-typing-line" aria-live="polite">
        {ongoing && conversation.visitorTyping && <span data-testid="chat-typing">{t('chat.typing')}</span>}
      </p>
      {conversation.state === 'visitor-away' && (
        <p className="warning" role="status" data-testid="chat-visitor-away">
          {t('chat.visitorAway')}
        </p>
      )}
      {ongoing ? (
        <>
          <Composer conversationId={id} desk={desk} />
          <ChatActions conversation={conversation} />
        </>
      ) : (
        <ChatWrapUp conversation={conversation} />
      )}
    </div>
  );
}
